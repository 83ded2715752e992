package io.ssmflow.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.window.MaintenanceWindowRequest;
import io.ssmflow.workflows.window.WindowOperation;
import io.ssmflow.workflows.window.WindowTask;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runbook as a maintenance window task: {@code schedule create NAME --cron ... -- runbook run
 * FILE ...} reads and validates the runbook at once and keeps it in the schedule.
 */
class RunbookScheduleTest {
  @TempDir Path dir;
  private FakeScheduleClient fake;
  private Path file;

  @BeforeEach
  void useFake() throws IOException {
    fake = new FakeScheduleClient();
    ScheduleCommand.clients =
        config ->
            new ScheduleClients.Session() {
              @Override
              public io.temporal.client.schedules.ScheduleClient client() {
                return fake;
              }

              @Override
              public void close() {}
            };
    file = dir.resolve("restart-shop.yaml");
    try (InputStream in = getClass().getResourceAsStream("/runbooks/restart-shop.yaml")) {
      Files.write(file, in.readAllBytes());
    }
  }

  @AfterEach
  void restore() {
    ScheduleCommand.clients = ScheduleClients.TEMPORAL;
  }

  @Test
  void aRunbookBecomesAWindowTaskWithItsDocumentAndParameters() {
    Cli r =
        Cli.run(
            Map.of(),
            "schedule",
            "create",
            "nightly-restart",
            "--cron",
            "cron(0 3 ? * * *)",
            "--duration",
            "2h",
            "--cutoff",
            "30m",
            "--",
            "runbook",
            "run",
            file.toString(),
            "--targets",
            "tag:Application=shop",
            "--param",
            "Drain=PT10S");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("created schedule nightly-restart")
        .contains(
            "task 1-runbook (priority 0): runbook run restart-shop --param Drain=PT10S"
                + " --targets 'tag:Application=shop' (4 steps)");
    MaintenanceWindowRequest request =
        ((ScheduleActionStartWorkflow) fake.schedules.get("nightly-restart").schedule.getAction())
            .getArguments()
            .get(0, MaintenanceWindowRequest.class);
    WindowTask task = request.tasks().get(0);
    assertThat(task.operation()).isEqualTo(WindowOperation.RUNBOOK);
    assertThat(task.runbook().document().name()).isEqualTo("restart-shop");
    assertThat(task.runbook().document().steps()).hasSize(4);
    assertThat(task.runbook().parameters()).containsEntry("Drain", "PT10S");
    assertThat(task.runbook().instanceTargets().tags()).containsEntry("Application", "shop");
  }

  @Test
  void aBadRunbookIsRefusedBeforeTheScheduleExists() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "schemaVersion: '0.3'\nmainSteps:\n  - name: x\n"
            + "    action: aws:executeScript\n    inputs: {}\n");
    Cli r =
        Cli.run(
            Map.of(),
            "schedule",
            "create",
            "bad",
            "--cron",
            "cron(0 3 ? * * *)",
            "--",
            "runbook",
            "run",
            bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "ssmflow: runbook run: "
                + bad
                + ":4: mainSteps[0] (x).action: aws:executeScript runs Python");
    assertThat(fake.schedules).isEmpty();

    Cli validate =
        Cli.run(
            Map.of(),
            "schedule",
            "create",
            "bad",
            "--cron",
            "cron(0 3 ? * * *)",
            "--",
            "runbook",
            "validate",
            bad.toString());
    assertThat(validate.exit()).isEqualTo(2);
    assertThat(validate.err()).contains("only `runbook run FILE ...` can be scheduled");
    Cli wait =
        Cli.run(
            Map.of(),
            "schedule",
            "create",
            "bad",
            "--cron",
            "cron(0 3 ? * * *)",
            "--",
            "runbook",
            "run",
            file.toString(),
            "--wait",
            "--param",
            "InstanceIds=i-1");
    assertThat(wait.err()).contains("--wait has no meaning in a schedule");
    assertThat(List.copyOf(fake.schedules.keySet())).isEmpty();
  }
}
