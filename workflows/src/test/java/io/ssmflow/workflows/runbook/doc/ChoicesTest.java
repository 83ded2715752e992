package io.ssmflow.workflows.runbook.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aws:branch on rendered inputs: every operator, And / Or / Not, Default. */
class ChoicesTest {
  private static Map<String, Object> branch(Object variable, String op, Object operand) {
    return Map.of(
        "Choices",
        List.of(Map.of("NextStep", "yes", "Variable", variable, op, operand)),
        "Default",
        "no");
  }

  @Test
  void stringOperators() {
    assertThat(Choices.choose(branch("Linux", "StringEquals", "Linux"))).isEqualTo("yes");
    assertThat(Choices.choose(branch("Linux", "StringEquals", "linux"))).isEqualTo("no");
    assertThat(Choices.choose(branch("Linux", "EqualsIgnoreCase", "linux"))).isEqualTo("yes");
    assertThat(Choices.choose(branch("active (running)", "StartsWith", "active"))).isEqualTo("yes");
    assertThat(Choices.choose(branch("nginx.service", "EndsWith", ".service"))).isEqualTo("yes");
    assertThat(Choices.choose(branch("  active\n", "Contains", "active"))).isEqualTo("yes");
    assertThat(Choices.choose(branch(List.of("a", "b"), "Contains", "b"))).isEqualTo("yes");
  }

  @Test
  void numericAndBooleanOperators() {
    assertThat(Choices.choose(branch("3", "NumericEquals", 3))).isEqualTo("yes");
    assertThat(Choices.choose(branch(4, "NumericGreater", 3))).isEqualTo("yes");
    assertThat(Choices.choose(branch(2, "NumericLesser", 3))).isEqualTo("yes");
    assertThat(Choices.choose(branch(3, "NumericGreaterOrEquals", 3))).isEqualTo("yes");
    assertThat(Choices.choose(branch(3, "NumericLesserOrEquals", 2))).isEqualTo("no");
    assertThat(Choices.choose(branch("true", "BooleanEquals", true))).isEqualTo("yes");
    assertThat(Choices.choose(branch(false, "BooleanEquals", true))).isEqualTo("no");
  }

  @Test
  void andOrNotAndTheFirstTrueChoiceWins() {
    Map<String, Object> inputs =
        Map.of(
            "Choices",
            List.of(
                Map.of(
                    "NextStep",
                    "both",
                    "And",
                    List.of(
                        Map.of("Variable", "running", "StringEquals", "running"),
                        Map.of("Variable", "Windows", "StringEquals", "Windows"))),
                Map.of(
                    "NextStep",
                    "either",
                    "Or",
                    List.of(
                        Map.of("Variable", "x", "StringEquals", "y"),
                        Map.of("Variable", "Linux", "StringEquals", "Linux"))),
                Map.of("NextStep", "never", "Not", Map.of("Variable", "a", "StringEquals", "a"))));
    assertThat(Choices.choose(inputs)).isEqualTo("both");
    Map<String, Object> notOnly =
        Map.of(
            "Choices",
            List.of(
                Map.of("NextStep", "never", "Not", Map.of("Variable", "a", "StringEquals", "a"))));
    assertThat(Choices.choose(notOnly)).as("no choice holds and there is no Default").isNull();
  }

  @Test
  void aNumberThatIsNotOneFailsTheStep() {
    assertThatThrownBy(() -> Choices.choose(branch("active", "NumericGreater", 1)))
        .hasMessageContaining("not a number");
  }
}
