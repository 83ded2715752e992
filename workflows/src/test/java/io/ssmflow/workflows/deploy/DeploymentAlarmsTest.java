package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static io.ssmflow.workflows.deploy.DeploymentWavesTest.state;
import static io.ssmflow.workflows.deploy.DeploymentWavesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmSelection;
import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.alarm.AlarmWatch;
import io.ssmflow.workflows.alarm.MissingData;
import io.ssmflow.workflows.wave.WavePlan;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Alarm-gated waves (docs/waves.md): the alarms are read before the start, watched while instances
 * launch and during each bake; one in ALARM stops launching and the failure policy rolls back every
 * changed instance.
 */
class DeploymentAlarmsTest {
  static final String ALARM = "shop-errors-high";
  static final String REASON =
      "Threshold Crossed: 1 datapoint [12.0] was greater than the" + " threshold (5.0).";
  static final long SINCE = 1_780_000_000_000L;

  static AlarmReading reading(String state) {
    return new AlarmReading(List.of(new AlarmState(ALARM, state, REASON, SINCE)), List.of(), SINCE);
  }

  static DeploymentRequest.Builder gated(
      String plan, MissingData missingData, boolean ignoreAtStart) {
    return request("1", "0", 0, FailurePolicy.ROLLBACK_ALL).toBuilder()
        .waves(WavePlan.parse(plan))
        .alarms(
            AlarmSettings.of(
                AlarmSelection.of(List.of(ALARM), null),
                ignoreAtStart,
                missingData,
                Duration.ofSeconds(10)));
  }

  @Test
  void anAlarmInAlarmAtTheStartRefusesTheRun() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.ALARM));
      DeploymentResult r = f.run(gated("1,100%", MissingData.IGNORE, false).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.REFUSED);
      assertThat(r.message())
          .contains("alarm " + ALARM + " is in ALARM")
          .contains(REASON)
          .contains("--ignore-alarms-at-start");
      assertThat(f.commands.sends()).isEmpty();
    }
  }

  @Test
  void anAlarmFiringAtTheStartIsIgnoredWhenAskedUntilItFiresAgain() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.ALARM));
      when(f.alarms.watchAlarms(any())).thenReturn(reading(AlarmState.ALARM));
      DeploymentResult r = f.run(gated("1,100%", MissingData.IGNORE, true).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(4);
    }
  }

  @Test
  void aMissingAlarmRefusesTheRun() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 2)) {
      when(f.alarms.readAlarms(any()))
          .thenReturn(new AlarmReading(List.of(), List.of(ALARM), SINCE));
      DeploymentResult r = f.run(gated("1,100%", MissingData.IGNORE, false).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.REFUSED);
      assertThat(r.message()).isEqualTo("refused: no such alarm: " + ALARM);
      assertThat(f.commands.sends()).isEmpty();
    }
  }

  @Test
  void anAlarmDuringWave2StopsLaunchingAndRollsBackWaves1And2() {
    List<String> ids = DeploymentFixture.ids(12);
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 12)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      // The error rate rises as soon as wave 2's first instance runs its first step.
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call -> {
                boolean fired = within(2_000, () -> !f.commands.steps(ids.get(1)).isEmpty());
                return reading(fired ? AlarmState.ALARM : AlarmState.OK);
              });
      DeploymentResult r = f.run(gated("1,5,100%", MissingData.IGNORE, false).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message())
          .startsWith("stopped: alarm " + ALARM + " in ALARM since ")
          .endsWith(REASON);
      assertThat(r.alarm().name()).isEqualTo(ALARM);
      assertThat(r.alarm().reason()).isEqualTo(REASON);
      assertThat(r.alarm().updatedMillis()).isEqualTo(SINCE);
      // Wave 3 never starts; wave 2 stops launching; every changed instance is rolled back.
      for (String id : ids.subList(6, 12)) {
        assertThat(f.commands.steps(id)).isEmpty();
        assertThat(state(r, id)).isEqualTo(InstanceState.SKIPPED);
      }
      assertThat(ids.subList(1, 6).stream().filter(id -> f.commands.steps(id).isEmpty()))
          .isNotEmpty();
      for (String id : ids.subList(0, 6)) {
        if (!f.commands.steps(id).isEmpty()) {
          assertThat(state(r, id)).isEqualTo(InstanceState.ROLLED_BACK);
          assertThat(f.commands.steps(id)).last().isEqualTo("rollback");
        } else {
          assertThat(state(r, id)).isEqualTo(InstanceState.SKIPPED);
        }
      }
      assertThat(r.rolledBack()).isGreaterThanOrEqualTo(2);
      assertThat(r.currentVersion()).isEqualTo("1.0.0");
      verify(f.notify).publish(anyString(), anyString(), contains("stopped by alarm " + ALARM));
    }
  }

  @Test
  void anAlarmDuringTheBakeStopsTheRolloutAndRollsBackTheWave() {
    List<String> ids = DeploymentFixture.ids(6);
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 6)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call ->
                  reading(
                      call.getArgument(0, AlarmWatch.class).phase().startsWith("bake")
                          ? AlarmState.ALARM
                          : AlarmState.OK));
      DeploymentResult r =
          f.run(gated("2,100%", MissingData.IGNORE, false).bake(Duration.ofMinutes(5)).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.alarm().name()).isEqualTo(ALARM);
      for (String id : ids.subList(0, 2)) {
        assertThat(state(r, id)).isEqualTo(InstanceState.ROLLED_BACK);
      }
      for (String id : ids.subList(2, 6)) {
        assertThat(f.commands.steps(id)).isEmpty();
        assertThat(state(r, id)).isEqualTo(InstanceState.SKIPPED);
      }
    }
  }

  @Test
  void theProgressShowsTheWaveTheBakeLeftAndTheAlarms() {
    CountDownLatch release = new CountDownLatch(1);
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call -> {
                if (call.getArgument(0, AlarmWatch.class).phase().equals("bake after wave 1")) {
                  release.await(20, TimeUnit.SECONDS);
                }
                return reading(AlarmState.OK);
              });
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(
          wf::deploy,
          gated("1,100%", MissingData.IGNORE, false).bake(Duration.ofMinutes(5)).build());
      waitFor(() -> wf.progress().phase().equals("baking"));
      DeploymentProgress p = wf.progress();
      release.countDown();

      assertThat(p.wave()).isEqualTo(1);
      assertThat(p.waves()).isEqualTo(2);
      assertThat(p.bakeRemainingSeconds()).isBetween(1L, 300L);
      assertThat(p.alarms())
          .extracting(AlarmState::name, AlarmState::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(ALARM, "OK"));
      DeploymentResult r = WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class);
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.alarm()).isNull();
    }
  }

  @Test
  void insufficientDataIsIgnoredByDefault() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.INSUFFICIENT_DATA));
      when(f.alarms.watchAlarms(any())).thenReturn(reading(AlarmState.INSUFFICIENT_DATA));
      DeploymentResult r =
          f.run(gated("1,100%", MissingData.IGNORE, false).bake(Duration.ofMinutes(1)).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(3);
    }
  }

  @Test
  void insufficientDataFailsWhenAskedAtTheStart() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.INSUFFICIENT_DATA));
      DeploymentResult r = f.run(gated("1,100%", MissingData.FAIL, false).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.REFUSED);
      assertThat(r.message()).contains("is in INSUFFICIENT_DATA");
      assertThat(f.commands.sends()).isEmpty();
    }
  }

  @Test
  void insufficientDataFailsWhenAskedDuringTheRun() {
    List<String> ids = DeploymentFixture.ids(4);
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call ->
                  reading(
                      call.getArgument(0, AlarmWatch.class).phase().startsWith("bake")
                          ? AlarmState.INSUFFICIENT_DATA
                          : AlarmState.OK));
      DeploymentResult r =
          f.run(gated("1,100%", MissingData.FAIL, false).bake(Duration.ofMinutes(1)).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.alarm().state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
      assertThat(state(r, ids.get(0))).isEqualTo(InstanceState.ROLLED_BACK);
      assertThat(f.commands.steps(ids.get(1))).isEmpty();
    }
  }

  @Test
  void aLongBakeKeepsTheHistorySmall() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any())).thenReturn(reading(AlarmState.OK));
      DeploymentResult r =
          f.run(gated("1,100%", MissingData.IGNORE, false).bake(Duration.ofHours(6)).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.durationSeconds()).isGreaterThanOrEqualTo(12 * 3600);
      // Two bakes of 6 h: one watch per 15 minutes (and, as these fakes answer at once, a
      // timer for the rest of each: about 13 events per 15 minutes, 648 here), not a timer
      // and an activity per 10 s poll (4,320 polls, tens of thousands of events).
      long events =
          f.client
              .fetchHistory(DeploymentIds.workflowId("shop", "staging", "2.0.0"))
              .getEvents()
              .size();
      assertThat(events).isLessThan(1_000);
    }
  }

  /** Polls {@code condition} for up to {@code millis} of real time. */
  private static boolean within(long millis, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
