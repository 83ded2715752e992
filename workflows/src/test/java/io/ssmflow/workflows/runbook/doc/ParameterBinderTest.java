package io.ssmflow.workflows.runbook.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBinderTest {
  private static final RunbookDocument DOC =
      DocumentReader.read(
              "params",
              Map.of(
                  "schemaVersion", "0.3",
                  "parameters",
                      Map.of(
                          "InstanceIds",
                              Map.of(
                                  "type",
                                  "StringList",
                                  "minItems",
                                  1,
                                  "maxItems",
                                  3,
                                  "allowedPattern",
                                  "^i-[0-9a-f]{1,17}$"),
                          "ServiceName",
                              Map.of(
                                  "type",
                                  "String",
                                  "default",
                                  "nginx",
                                  "allowedPattern",
                                  "^[a-z][a-z0-9-]*$"),
                          "Mode",
                              Map.of(
                                  "type",
                                  "String",
                                  "default",
                                  "safe",
                                  "allowedValues",
                                  List.of("safe", "fast")),
                          "Retries", Map.of("type", "Integer", "default", 2),
                          "DryRun", Map.of("type", "Boolean", "default", false),
                          "Tags", Map.of("type", "MapList", "default", List.of())),
                  "mainSteps",
                      List.of(
                          Map.of(
                              "name",
                              "wait",
                              "action",
                              "aws:sleep",
                              "inputs",
                              Map.of("Duration", "PT1S")))),
              null,
              null)
          .document();

  @Test
  void valuesAreReadAsTheirTypesAndDefaultsFillTheRest() {
    Map<String, Object> bound =
        ParameterBinder.bind(
            DOC,
            Map.of(
                "InstanceIds", List.of("i-1", "i-2"), "Retries", "5", "DryRun", List.of("true")));
    assertThat(bound)
        .containsEntry("InstanceIds", List.of("i-1", "i-2"))
        .containsEntry("ServiceName", "nginx")
        .containsEntry("Retries", 5)
        .containsEntry("DryRun", true)
        .containsEntry("Mode", "safe")
        .containsEntry("Tags", List.of());
  }

  @Test
  void aRequiredParameterMustBeGiven() {
    assertThatThrownBy(() -> ParameterBinder.bind(DOC, Map.of()))
        .hasMessage("parameter InstanceIds (StringList) is required");
  }

  @Test
  void constraintsNameTheParameterAndTheRule() {
    assertThatThrownBy(() -> ParameterBinder.bind(DOC, Map.of("InstanceIds", List.of())))
        .hasMessage("parameter InstanceIds needs at least 1 item, not 0");
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(
                    DOC, Map.of("InstanceIds", List.of("i-1", "i-2", "i-3", "i-4"))))
        .hasMessageContaining("at most 3 items");
    assertThatThrownBy(
            () -> ParameterBinder.bind(DOC, Map.of("InstanceIds", List.of("i-1; reboot"))))
        .hasMessageContaining("does not match its allowedPattern");
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(
                    DOC, Map.of("InstanceIds", List.of("i-1"), "Mode", "reckless")))
        .hasMessageContaining("'reckless' is not one of its allowedValues");
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(DOC, Map.of("InstanceIds", List.of("i-1"), "Retries", "many")))
        .hasMessageContaining("parameter Retries: a Integer is expected");
    assertThatThrownBy(
            () -> ParameterBinder.bind(DOC, Map.of("InstanceIds", List.of("i-1"), "Colour", "red")))
        .hasMessageContaining("parameter Colour is not declared by params");
  }

  @Test
  void aPatternMustMatchTheWholeValue() {
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(
                    DOC, Map.of("InstanceIds", List.of("i-1"), "ServiceName", "nginx; rm -rf /")))
        .hasMessageContaining("allowedPattern");
  }
}
