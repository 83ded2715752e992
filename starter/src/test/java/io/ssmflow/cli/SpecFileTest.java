package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.cli.deploy.SpecFile;
import io.ssmflow.workflows.deploy.DeploymentSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecFileTest {
  @Test
  void parsesStepsHealthCheckAndRollbackWithDefaults() {
    DeploymentSpec spec =
        SpecFile.parse(
            """
        steps:
          - name: stop
            commands: ["systemctl stop {{App}}"]
            timeoutSeconds: 120
          - name: install
            commands: |
              mkdir -p /opt/{{App}}
              echo {{Version}} > /opt/{{App}}/VERSION
        healthCheck:
          commands: ["test -f /opt/{{App}}/VERSION"]
          attempts: 5
          retryDelay: 2s
        rollback:
          commands: ["echo back to {{PreviousVersion}}"]
        """);
    assertThat(spec.steps()).extracting(s -> s.name()).containsExactly("stop", "install");
    assertThat(spec.steps().get(0).timeoutSeconds()).isEqualTo(120);
    assertThat(spec.steps().get(1).commands())
        .containsExactly("mkdir -p /opt/{{App}}", "echo {{Version}} > /opt/{{App}}/VERSION");
    assertThat(spec.steps().get(1).timeoutSeconds()).isEqualTo(300);
    assertThat(spec.healthCheck().name()).isEqualTo("health");
    assertThat(spec.healthCheck().attempts()).isEqualTo(5);
    assertThat(spec.healthCheck().retryDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.rollback().commands()).isEqualTo(List.of("echo back to {{PreviousVersion}}"));
  }

  @Test
  void oneLineErrors() {
    assertThatThrownBy(() -> SpecFile.parse("- just a list")).hasMessageContaining("mapping");
    assertThatThrownBy(() -> SpecFile.parse("steps: []\nhealthCheck: {commands: [x]}"))
        .hasMessage("steps must be a non-empty list");
    assertThatThrownBy(
            () ->
                SpecFile.parse(
                    """
        steps: [{name: a, commands: [x]}]
        healthCheck: {commands: [x], atempts: 3}
        rollback: {commands: [x]}
        """))
        .hasMessageStartingWith("unknown key 'atempts' in healthCheck");
    assertThatThrownBy(
            () ->
                SpecFile.parse(
                    """
        steps: [{name: a, commands: [x], timeoutSeconds: soon}]
        healthCheck: {commands: [x]}
        rollback: {commands: [x]}
        """))
        .hasMessageContaining("timeoutSeconds must be a whole number");
    assertThatThrownBy(
            () ->
                SpecFile.parse(
                    """
        steps: [{name: "a;b", commands: [x]}]
        healthCheck: {commands: [x]}
        rollback: {commands: [x]}
        """))
        .hasMessageContaining("not allowed");
  }
}
