package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterHistoryResponse;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class ParameterHistoryTest {
  private static final String NAME = "/history/app/db_password";
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    ssm = sim.ssm();
    ssm.putParameter(
        b ->
            b.name(NAME)
                .type(ParameterType.SECURE_STRING)
                .value("first")
                .description("initial")
                .keyId("alias/app"));
    ssm.putParameter(b -> b.name(NAME).value("second").overwrite(true).description("rotated"));
    ssm.putParameter(b -> b.name(NAME).value("third").overwrite(true).tier(ParameterTier.ADVANCED));
    ssm.labelParameterVersion(b -> b.name(NAME).parameterVersion(2L).labels("prod", "blue"));
    ssm.putParameter(b -> b.name("/history/many").type(ParameterType.STRING).value("1"));
    for (int i = 2; i <= 60; i++) {
      String value = Integer.toString(i);
      ssm.putParameter(b -> b.name("/history/many").value(value).overwrite(true));
    }
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void answersEveryVersionWithItsMetadataOldestFirst() {
    List<ParameterHistory> h = ssm.getParameterHistory(b -> b.name(NAME)).parameters();
    assertThat(h).extracting(ParameterHistory::version).containsExactly(1L, 2L, 3L);
    ParameterHistory first = h.get(0);
    assertThat(first.name()).isEqualTo(NAME);
    assertThat(first.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(first.keyId()).isEqualTo("alias/app");
    assertThat(first.description()).isEqualTo("initial");
    assertThat(first.labels()).isEmpty();
    assertThat(first.tier()).isEqualTo(ParameterTier.STANDARD);
    assertThat(first.dataType()).isEqualTo("text");
    assertThat(first.lastModifiedUser()).isEqualTo("arn:aws:iam::123456789012:user/simulator");
    assertThat(first.lastModifiedDate()).isNotNull();
    assertThat(first.policies()).isEmpty();
    assertThat(h.get(1).description()).isEqualTo("rotated");
    assertThat(h.get(1).labels()).containsExactly("prod", "blue");
    assertThat(h.get(2).tier()).isEqualTo(ParameterTier.ADVANCED);
    assertThat(h.get(2).keyId()).isEqualTo("alias/app");
  }

  @Test
  void valuesAreOpaqueUnlessDecrypted() {
    List<ParameterHistory> sealed = ssm.getParameterHistory(b -> b.name(NAME)).parameters();
    assertThat(sealed)
        .allSatisfy(
            v ->
                assertThat(v.value())
                    .doesNotContain("first")
                    .doesNotContain("second")
                    .doesNotContain("third"));
    List<ParameterHistory> open =
        ssm.getParameterHistory(b -> b.name(NAME).withDecryption(true)).parameters();
    assertThat(open)
        .extracting(ParameterHistory::value)
        .containsExactly("first", "second", "third");
  }

  @Test
  void pagesWithMaxResultsAndNextToken() {
    GetParameterHistoryResponse page1 = ssm.getParameterHistory(b -> b.name("/history/many"));
    assertThat(page1.parameters()).hasSize(50);
    assertThat(page1.nextToken()).isNotNull();
    List<Long> versions = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      GetParameterHistoryResponse r =
          ssm.getParameterHistory(b -> b.name("/history/many").maxResults(25).nextToken(t));
      r.parameters().forEach(p -> versions.add(p.version()));
      token = r.nextToken();
    } while (token != null);
    assertThat(versions).hasSize(60).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aTokenBelongsToItsParameter() {
    String token = ssm.getParameterHistory(b -> b.name("/history/many").maxResults(5)).nextToken();
    assertThatThrownBy(() -> ssm.getParameterHistory(b -> b.name(NAME).nextToken(token)))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  void maxResultsIsOneToFifty() {
    assertThatThrownBy(() -> ssm.getParameterHistory(b -> b.name(NAME).maxResults(51)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("less than or equal to 50");
  }

  @Test
  void unknownNameIsParameterNotFound() {
    assertThatThrownBy(() -> ssm.getParameterHistory(b -> b.name("/history/none")))
        .isInstanceOf(ParameterNotFoundException.class);
  }
}
