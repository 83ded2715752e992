package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.LabelParameterVersionResponse;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionLabelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.UnlabelParameterVersionResponse;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class LabelParameterVersionTest {
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static void versions(String name, int count) {
    ssm.putParameter(b -> b.name(name).type(ParameterType.STRING).value("v1"));
    for (int i = 2; i <= count; i++) {
      String value = "v" + i;
      ssm.putParameter(b -> b.name(name).value(value).overwrite(true));
    }
  }

  private static List<String> labels(String name, long version) {
    return ssm.getParameterHistory(b -> b.name(name)).parameters().stream()
        .filter(h -> h.version() == version)
        .findFirst()
        .map(ParameterHistory::labels)
        .orElseThrow();
  }

  @Test
  void labelsTheLatestVersionByDefault() {
    versions("/label/latest", 3);
    LabelParameterVersionResponse r =
        ssm.labelParameterVersion(b -> b.name("/label/latest").labels("current"));
    assertThat(r.parameterVersion()).isEqualTo(3L);
    assertThat(r.invalidLabels()).isEmpty();
    assertThat(labels("/label/latest", 3)).containsExactly("current");
  }

  @Test
  void aLabelMovesFromTheVersionThatHadIt() {
    versions("/label/move", 3);
    ssm.labelParameterVersion(
        b -> b.name("/label/move").parameterVersion(1L).labels("prod", "keep"));
    ssm.labelParameterVersion(b -> b.name("/label/move").parameterVersion(2L).labels("prod"));
    assertThat(labels("/label/move", 1)).containsExactly("keep");
    assertThat(labels("/label/move", 2)).containsExactly("prod");
    assertThat(ssm.getParameter(b -> b.name("/label/move:prod")).parameter().value())
        .isEqualTo("v2");
  }

  @Test
  void invalidLabelsAreReportedAndNotAttached() {
    versions("/label/invalid", 1);
    LabelParameterVersionResponse r =
        ssm.labelParameterVersion(
            b ->
                b.name("/label/invalid")
                    .labels(
                        "good-label_1.0",
                        "awsLabel",
                        "SSM-x",
                        "9lives",
                        "has space",
                        "x".repeat(101)));
    assertThat(r.invalidLabels())
        .containsExactly("awsLabel", "SSM-x", "9lives", "has space", "x".repeat(101));
    assertThat(labels("/label/invalid", 1)).containsExactly("good-label_1.0");
  }

  @Test
  void aVersionHoldsAtMostTenLabels() {
    versions("/label/limit", 1);
    ssm.labelParameterVersion(
        b ->
            b.name("/label/limit")
                .labels("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10"));
    assertThatThrownBy(() -> ssm.labelParameterVersion(b -> b.name("/label/limit").labels("l11")))
        .isInstanceOf(ParameterVersionLabelLimitExceededException.class)
        .hasMessageContaining("maximum 10 labels");
    // Relabelling with a label it already has is not a new label.
    assertThat(ssm.labelParameterVersion(b -> b.name("/label/limit").labels("l1")).invalidLabels())
        .isEmpty();
    assertThatThrownBy(
            () ->
                ssm.labelParameterVersion(
                    b ->
                        b.name("/label/limit")
                            .labels("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void unknownVersionOrParameter() {
    versions("/label/unknown", 2);
    assertThatThrownBy(
            () ->
                ssm.labelParameterVersion(
                    b -> b.name("/label/unknown").parameterVersion(5L).labels("x")))
        .isInstanceOf(ParameterVersionNotFoundException.class)
        .hasMessageContaining("could not find version 5 of /label/unknown");
    assertThatThrownBy(() -> ssm.labelParameterVersion(b -> b.name("/label/nothing").labels("x")))
        .isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void unlabelRemovesAndReportsLabelsTheVersionDidNotHave() {
    versions("/label/unlabel", 2);
    ssm.labelParameterVersion(b -> b.name("/label/unlabel").parameterVersion(1L).labels("a", "b"));
    UnlabelParameterVersionResponse r =
        ssm.unlabelParameterVersion(
            b -> b.name("/label/unlabel").parameterVersion(1L).labels("a", "zzz"));
    assertThat(r.removedLabels()).containsExactly("a");
    assertThat(r.invalidLabels()).containsExactly("zzz");
    assertThat(labels("/label/unlabel", 1)).containsExactly("b");
    assertThatThrownBy(
            () ->
                ssm.unlabelParameterVersion(
                    b -> b.name("/label/unlabel").parameterVersion(9L).labels("b")))
        .isInstanceOf(ParameterVersionNotFoundException.class);
    assertThatThrownBy(
            () ->
                ssm.unlabelParameterVersion(
                    b -> b.name("/label/none").parameterVersion(1L).labels("b")))
        .isInstanceOf(ParameterNotFoundException.class);
    assertThatThrownBy(() -> ssm.unlabelParameterVersion(b -> b.name("/label/unlabel").labels("b")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("parameterVersion");
  }
}
