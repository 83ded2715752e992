package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.deploy.FakeCommands.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records the histories the replay test guards: a small deterministic deployment (4 instances,
 * canary 1, MaxConcurrency 2, one instance whose health check keeps failing so it is rolled back).
 * Run {@code scripts/record-replays.sh ReplayHistoryRecorderTest} after a deliberate, versioned
 * change to the workflows' command sequence, and commit the new files.
 *
 * <p>Payload records are decoded by Temporal's Jackson converter, which rejects unknown properties:
 * renaming or removing a field of a workflow input (e.g. SliceRequest) breaks the replay of
 * executions started before, and this test says so.
 */
final class ReplayHistories {
  static final Path DIR = Path.of("src/test/resources/replay");
  static final String PARENT = "deploy-shop-staging-2.0.0.json";
  static final String CANARY = "deploy-shop-staging-2.0.0-canary-1.json";
  static final String ROLLOUT = "deploy-shop-staging-2.0.0-rollout-1.json";

  /** Waves 1,100% with a bake, an alarm that fires during the bake, wave 1 rolled back. */
  static final String WAVES_ALARM = "deploy-shop-staging-2.0.0-waves-alarm.json";

  private ReplayHistories() {}

  static FakeCommands.Behavior behavior() {
    String sick = DeploymentFixture.ids(4).get(3);
    return (id, step, attempt) ->
        id.equals(sick) && step.equals("health") ? Result.fail(1) : Result.ok(1);
  }

  /** Records {@link #WAVES_ALARM} (ReplayHistoryRecorderTest#recordWavesAndAlarm). */
  static void recordWavesAndAlarm() throws IOException {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      org.mockito.Mockito.when(f.alarms.readAlarms(org.mockito.ArgumentMatchers.any()))
          .thenReturn(DeploymentAlarmsTest.reading("OK"));
      org.mockito.Mockito.when(f.alarms.watchAlarms(org.mockito.ArgumentMatchers.any()))
          .thenAnswer(
              call ->
                  DeploymentAlarmsTest.reading(
                      call.getArgument(0, io.ssmflow.workflows.alarm.AlarmWatch.class)
                              .phase()
                              .startsWith("bake")
                          ? "ALARM"
                          : "OK"));
      f.run(
          DeploymentAlarmsTest.gated("1,100%", io.ssmflow.workflows.alarm.MissingData.IGNORE, false)
              .bake(java.time.Duration.ofMinutes(1))
              .build());
      String parent = DeploymentIds.workflowId("shop", "staging", "2.0.0");
      Files.createDirectories(DIR);
      Files.writeString(
          DIR.resolve(WAVES_ALARM),
          f.client.fetchHistory(parent).toJson(true),
          StandardCharsets.UTF_8);
    }
  }

  static void record() throws IOException {
    try (DeploymentFixture f = new DeploymentFixture(behavior(), 4)) {
      f.run(DeploymentFixture.request("2", "1", 1, FailurePolicy.ROLLBACK_ALL));
      String parent = DeploymentIds.workflowId("shop", "staging", "2.0.0");
      Files.createDirectories(DIR);
      for (var e :
          List.of(
              List.of(parent, PARENT),
              List.of(parent + "/canary-1", CANARY),
              List.of(parent + "/rollout-1", ROLLOUT))) {
        Files.writeString(
            DIR.resolve(e.get(1)),
            f.client.fetchHistory(e.get(0)).toJson(true),
            StandardCharsets.UTF_8);
      }
    }
  }
}
