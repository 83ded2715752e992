package io.ssmflow.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against the embedded test server (no Schedules API: it answers UNIMPLEMENTED), every schedule
 * subcommand says so in one line naming the fix, exits 2, and the server keeps serving.
 */
class ScheduleWithoutSchedulesApiTest {
  @Test
  void everySubcommandNamesTheFixInOneLine() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0, "default")) {
      Map<String, String> env = Map.of("TEMPORAL_ADDRESS", temporal.address());
      List<String[]> commands =
          List.of(
              new String[] {"schedule", "list"},
              new String[] {
                "schedule",
                "create",
                "weekly",
                "--cron",
                "cron(0 2 ? * SUN *)",
                "--",
                "deploy",
                "--app",
                "shop",
                "--version",
                "2.0.0",
                "--env",
                "production"
              },
              new String[] {"schedule", "describe", "weekly"},
              new String[] {"schedule", "pause", "weekly"},
              new String[] {"schedule", "unpause", "weekly"},
              new String[] {"schedule", "trigger", "weekly"},
              new String[] {"schedule", "update", "weekly", "--cutoff", "30m"},
              new String[] {"schedule", "delete", "weekly"});
      for (String[] args : commands) {
        Cli r = Cli.run(env, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
        assertThat(r.errLines())
            .as(String.join(" ", args))
            .containsExactly("ssmflow: " + ScheduleClients.NO_SCHEDULES_API);
      }
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build(),
              Duration.ofSeconds(5));
      try {
        assertThat(stubs.healthCheck().getStatus().name()).isEqualTo("SERVING");
      } finally {
        stubs.shutdownNow();
      }
    }
  }
}
