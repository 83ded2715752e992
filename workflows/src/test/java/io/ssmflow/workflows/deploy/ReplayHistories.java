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

  /** A rollout started on the first of three target pages, the later two taken as they came. */
  static final String PAGES = "deploy-shop-staging-2.0.0-pages.json";

  private ReplayHistories() {}

  /** Records {@link #PAGES} (ReplayHistoryRecorderTest#recordPages). */
  static void recordPages() throws IOException {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 0)) {
      List<String> ids = DeploymentFixture.ids(6);
      org.mockito.Mockito.doReturn(
              new io.ssmflow.workflows.fleet.TargetPage(ids.subList(0, 2), List.of(), "0:t2"))
          .when(f.fleet)
          .resolveTargetsPage(
              org.mockito.ArgumentMatchers.any(),
              org.mockito.ArgumentMatchers.isNull(),
              org.mockito.ArgumentMatchers.anyInt());
      // Page 2 answers once the rollout has sent its first command, so the history always
      // shows the first slice at work before the last page is asked for.
      org.mockito.Mockito.doAnswer(
              call -> {
                long end = System.currentTimeMillis() + 20_000;
                while (f.commands.sends().isEmpty() && System.currentTimeMillis() < end) {
                  Thread.sleep(20);
                }
                return new io.ssmflow.workflows.fleet.TargetPage(
                    ids.subList(2, 4),
                    List.of(
                        new io.ssmflow.workflows.fleet.SkippedInstance(
                            "i-5700dded0000000", "stopped")),
                    "0:t3");
              })
          .when(f.fleet)
          .resolveTargetsPage(
              org.mockito.ArgumentMatchers.any(),
              org.mockito.ArgumentMatchers.eq("0:t2"),
              org.mockito.ArgumentMatchers.anyInt());
      org.mockito.Mockito.doReturn(
              new io.ssmflow.workflows.fleet.TargetPage(ids.subList(4, 6), List.of(), null))
          .when(f.fleet)
          .resolveTargetsPage(
              org.mockito.ArgumentMatchers.any(),
              org.mockito.ArgumentMatchers.eq("0:t3"),
              org.mockito.ArgumentMatchers.anyInt());
      DeploymentResult r =
          f.run(DeploymentFixture.request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));
      if (r.succeeded() != 6) {
        throw new IllegalStateException("the recorded rollout did not succeed: " + r);
      }
      Files.createDirectories(DIR);
      Files.writeString(
          DIR.resolve(PAGES),
          f.client.fetchHistory(DeploymentIds.workflowId("shop", "staging", "2.0.0")).toJson(true),
          StandardCharsets.UTF_8);
    }
  }

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
