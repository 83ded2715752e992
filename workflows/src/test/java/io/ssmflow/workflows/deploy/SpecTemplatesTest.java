package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering and validation of spec templates. */
class SpecTemplatesTest {
  private static final TemplateValues VALUES =
      new TemplateValues("shop", "2.0.0-rc.1+b7", "staging", "1.9.3");

  private static DeploymentStep step(String name, String... lines) {
    return new DeploymentStep(name, List.of(lines), 60, 1, Duration.ZERO);
  }

  private static DeploymentSpec spec(String... lines) {
    return new DeploymentSpec(
        List.of(step("install", lines)),
        step("health", "true"),
        step("rollback", "echo {{PreviousVersion}}"));
  }

  @Test
  void rendersEveryPlaceholder() {
    DeploymentSpec r =
        SpecTemplates.render(
            spec("deploy {{App}} {{Version}} to {{Env}} from {{PreviousVersion}}"), VALUES);

    assertThat(r.steps().get(0).commands())
        .containsExactly("deploy shop 2.0.0-rc.1+b7 to staging from 1.9.3");
    assertThat(r.rollback().commands()).containsExactly("echo 1.9.3");
    assertThat(r.healthCheck().name()).isEqualTo("health");
  }

  @Test
  void absentPreviousVersionRendersNone() {
    TemplateValues v = new TemplateValues("shop", "2.0.0", "staging", null);
    assertThat(SpecTemplates.render(spec("x"), v).rollback().commands())
        .containsExactly("echo none");
    assertThat(new TemplateValues("shop", "2.0.0", "staging", " ").previousVersion())
        .isEqualTo("none");
  }

  @Test
  void unknownPlaceholderIsOneClearLine() {
    assertThatThrownBy(() -> SpecTemplates.validate(spec("echo {{Secret}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "step install: unknown placeholder {{Secret}} (known: {{App}}, {{Version}},"
                + " {{Env}}, {{PreviousVersion}})");
    assertThatThrownBy(() -> SpecTemplates.validate(spec("echo {{ App }}")))
        .hasMessageContaining("unknown placeholder {{ App }}");
  }

  @Test
  void badValuesAreRejected() {
    for (String bad :
        List.of(
            "2.0; rm -rf /",
            "$(id)",
            "a b",
            "-rf",
            ".hidden",
            "x`y`",
            "1.0\n2",
            "",
            "a".repeat(129))) {
      assertThatThrownBy(() -> new TemplateValues("shop", bad, "staging", null))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThatThrownBy(() -> new TemplateValues("shop", "2.0.0", "prod|x", null))
        .hasMessageStartingWith("env 'prod|x' is not allowed");
    assertThatThrownBy(() -> new TemplateValues("shop", "2.0.0", "prod", "1.0 && x"))
        .hasMessageStartingWith("previous version");
    assertThat(new TemplateValues("my_app", "a".repeat(128), "e-1", "1").version()).hasSize(128);
  }

  @Test
  void specWithoutHealthCheckOrRollbackIsInvalid() {
    assertThatThrownBy(
            () ->
                SpecTemplates.validate(
                    new DeploymentSpec(List.of(step("a", "x")), null, step("rollback", "x"))))
        .hasMessage("deployment spec has no health check");
    assertThatThrownBy(
            () ->
                SpecTemplates.validate(
                    new DeploymentSpec(List.of(step("a", "x")), step("health", "x"), null)))
        .hasMessage("deployment spec has no rollback");
    assertThatThrownBy(
            () ->
                SpecTemplates.validate(
                    new DeploymentSpec(List.of(), step("health", "x"), step("rollback", "x"))))
        .hasMessage("deployment spec has no steps");
  }

  @Test
  void workflowIdsAreMeaningful() {
    assertThat(DeploymentIds.workflowId("shop", "staging", "2.0.0"))
        .isEqualTo("deploy-shop-staging-2.0.0");
    assertThatThrownBy(() -> DeploymentIds.workflowId("shop", "staging", "2.0/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultSpecIsValidAndRendersWithoutPlaceholders() {
    DeploymentSpec spec = DeploymentSpecs.defaultSpec();
    SpecTemplates.validate(spec);
    assertThat(spec.steps())
        .extracting(DeploymentStep::name)
        .containsExactly("stop", "backup", "fetch", "configure", "start");
    assertThat(spec.healthCheck().attempts()).isEqualTo(5);
    assertThat(spec.healthCheck().retryDelay()).isEqualTo(Duration.ofSeconds(2));
    DeploymentSpec r = SpecTemplates.render(spec, VALUES);
    List<DeploymentStep> all = new java.util.ArrayList<>(r.steps());
    all.add(r.healthCheck());
    all.add(r.rollback());
    assertThat(all)
        .allSatisfy(
            s ->
                assertThat(String.join("\n", s.commands()))
                    .doesNotContain("{{")
                    .doesNotContain("}}"));
  }
}
