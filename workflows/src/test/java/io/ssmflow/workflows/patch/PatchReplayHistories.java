package io.ssmflow.workflows.patch;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.alarm.AlarmWatch;
import io.ssmflow.workflows.patch.FakePatchCommands.Result;
import io.ssmflow.workflows.wave.WavePlan;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Records the patch histories the replay test guards: a small Install (4 instances, MaxConcurrency
 * 2, one instance whose install fails so it is restored and validated again) and its snapshot
 * retention, run to its end. Run {@code scripts/record-replays.sh PatchReplayRecorderTest} after a
 * deliberate, versioned change to the patch workflow's command sequence, and commit the new files.
 */
final class PatchReplayHistories {
  static final Path DIR = Path.of("src/test/resources/replay");
  static final String INSTALL = "patch-install-webservers-staging.json";
  static final String RETENTION = "patch-install-webservers-staging-snapshot-retention.json";

  /**
   * An Install in waves 1,100% gated by an alarm that fires in the bake after wave 1: wave 2 never
   * starts and wave 1's patched instance is restored (a restore pass) and validated again.
   */
  static final String WAVES_ALARM = "patch-install-webservers-staging-waves-alarm.json";

  /** The install pass's slice: snapshots, installs, validation, one restore. */
  static final String INSTALL_SLICE = "patch-install-webservers-staging-install-1.json";

  private PatchReplayHistories() {}

  static FakePatchCommands.Behavior behavior() {
    String sick = PatchFixture.ids(4).get(1);
    return (id, step) -> id.equals(sick) && step.equals("install") ? Result.fail(1) : Result.ok(1);
  }

  static PatchRequest request() {
    return PatchFixture.install("staging", "2", "1", null);
  }

  static PatchRequest wavesAndAlarmRequest() {
    return PatchAlarmsTest.gated("2").withWaves(WavePlan.parse("1,100%"), Duration.ofMinutes(5));
  }

  /** Records {@link #WAVES_ALARM}. */
  static void recordWavesAndAlarm() throws IOException {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 4)) {
      when(f.alarms.readAlarms(any())).thenReturn(PatchAlarmsTest.reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call ->
                  PatchAlarmsTest.reading(
                      call.getArgument(0, AlarmWatch.class).phase().startsWith("bake")
                          ? AlarmState.ALARM
                          : AlarmState.OK));
      PatchResult r = f.run(wavesAndAlarmRequest());
      if (r.rolledBack() != 1) {
        throw new IllegalStateException("expected one restored instance: " + r);
      }
      Files.createDirectories(DIR);
      Files.writeString(
          DIR.resolve(WAVES_ALARM),
          f.client.fetchHistory(PatchFixture.workflowId(wavesAndAlarmRequest())).toJson(true),
          StandardCharsets.UTF_8);
    }
  }

  static void record() throws IOException {
    try (PatchFixture f = new PatchFixture(behavior(), 4)) {
      PatchResult r = f.run(request());
      // Waiting for the retention's result skips the seven simulated days.
      WorkflowStub.fromTyped(
              f.client.newWorkflowStub(
                  SnapshotRetentionWorkflow.class, r.snapshotCleanupWorkflowId()))
          .getResult(Integer.class);
      Files.createDirectories(DIR);
      Files.writeString(
          DIR.resolve(INSTALL),
          f.client.fetchHistory(PatchFixture.workflowId(request())).toJson(true),
          StandardCharsets.UTF_8);
      Files.writeString(
          DIR.resolve(INSTALL_SLICE),
          f.client.fetchHistory(PatchFixture.workflowId(request()) + "/install-1").toJson(true),
          StandardCharsets.UTF_8);
      Files.writeString(
          DIR.resolve(RETENTION),
          f.client.fetchHistory(r.snapshotCleanupWorkflowId()).toJson(true),
          StandardCharsets.UTF_8);
    }
  }
}
