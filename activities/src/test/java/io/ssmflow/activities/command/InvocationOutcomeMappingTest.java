package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/** From an SSM invocation (as ListCommandInvocations with Details answers) to an outcome. */
class InvocationOutcomeMappingTest {
  private static CommandPlugin plugin(String name, Integer code, String output) {
    return CommandPlugin.builder().name(name).responseCode(code).output(output).build();
  }

  @Test
  void aMultiStepDocumentReportsItsFirstFailingStep() {
    CommandInvocation inv =
        CommandInvocation.builder()
            .instanceId("i-1")
            .status("Failed")
            .statusDetails("Failed")
            .commandPlugins(
                plugin("PatchWindows", 0, "skipped\n"),
                plugin("PatchLinux", 2, "install failed\n"),
                plugin("Cleanup", 0, "done\n"))
            .build();

    InvocationOutcome o = InvocationReader.outcome("c-1", inv, InvocationStatus.FAILED);

    assertThat(o)
        .isEqualTo(
            new InvocationOutcome(
                "c-1",
                "i-1",
                InvocationStatus.FAILED,
                2,
                "Failed",
                "skipped\ninstall failed\ndone\n"));
  }

  @Test
  void invocationsThatNeverRanToAnExitHaveResponseCodeMinusOne() {
    CommandInvocation inv =
        CommandInvocation.builder()
            .instanceId("i-2")
            .status("TimedOut")
            .statusDetails("DeliveryTimedOut")
            .commandPlugins(plugin("aws:runShellScript", -1, ""))
            .build();

    InvocationOutcome o = InvocationReader.outcome("c-2", inv, InvocationStatus.DELIVERY_TIMED_OUT);

    assertThat(o.responseCode()).isEqualTo(-1);
    assertThat(o.outputTail()).isEmpty();
  }

  @Test
  void outputIsCutToItsLastSixHundredCharacters() {
    String output = "a".repeat(1000) + "THE-END";
    CommandInvocation inv =
        CommandInvocation.builder()
            .instanceId("i-3")
            .status("Success")
            .statusDetails("Success")
            .commandPlugins(plugin("aws:runShellScript", 0, output))
            .build();

    InvocationOutcome o = InvocationReader.outcome("c-3", inv, InvocationStatus.SUCCESS);

    assertThat(o.outputTail()).hasSize(InvocationOutcome.MAX_OUTPUT_TAIL).endsWith("THE-END");
    assertThat(o.responseCode()).isZero();
  }
}
