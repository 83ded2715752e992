package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DeleteParametersResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class DeleteParameterTest {
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

  private static void put(String name) {
    ssm.putParameter(b -> b.name(name).type(ParameterType.STRING).value("x"));
  }

  @Test
  void deletesEveryVersionAndTheTags() {
    ssm.putParameter(
        b ->
            b.name("/del/one")
                .type(ParameterType.STRING)
                .value("1")
                .tags(Tag.builder().key("k").value("v").build()));
    ssm.putParameter(b -> b.name("/del/one").value("2").overwrite(true));
    ssm.deleteParameter(b -> b.name("/del/one"));
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/del/one")))
        .isInstanceOf(ParameterNotFoundException.class);
    // A new parameter of the same name starts again at version 1 with no tags.
    put("/del/one");
    assertThat(ssm.getParameter(b -> b.name("/del/one")).parameter().version()).isEqualTo(1L);
    assertThat(
            ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId("/del/one"))
                .tagList())
        .isEmpty();
  }

  @Test
  void deletingAnUnknownNameIsParameterNotFound() {
    assertThatThrownBy(() -> ssm.deleteParameter(b -> b.name("/del/never")))
        .isInstanceOf(ParameterNotFoundException.class)
        .hasMessageContaining("/del/never");
  }

  @Test
  void deleteParametersAnswersDeletedAndInvalidNames() {
    put("/del/many/a");
    put("/del/many/b");
    DeleteParametersResponse r =
        ssm.deleteParameters(b -> b.names("/del/many/a", "/del/many/x", "/del/many/b"));
    assertThat(r.deletedParameters()).containsExactly("/del/many/a", "/del/many/b");
    assertThat(r.invalidParameters()).containsExactly("/del/many/x");
    assertThat(ssm.getParametersByPath(b -> b.path("/del/many")).parameters()).isEmpty();
  }

  @Test
  void deleteParametersTakesOneToTenNames() {
    String[] names = new String[11];
    for (int i = 0; i < names.length; i++) {
      names[i] = "/del/limit/p" + i;
    }
    assertThatThrownBy(() -> ssm.deleteParameters(b -> b.names(names)))
        .isInstanceOf(ValidationException.class);
  }
}
