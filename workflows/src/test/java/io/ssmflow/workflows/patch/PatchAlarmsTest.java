package io.ssmflow.workflows.patch;

import static io.ssmflow.workflows.patch.PatchFixture.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmSelection;
import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.alarm.AlarmWatch;
import io.ssmflow.workflows.alarm.MissingData;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.wave.WavePlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An Install gated by CloudWatch alarms (docs/waves.md). */
class PatchAlarmsTest {
  static final String ALARM = "web-errors-high";

  static AlarmReading reading(String state) {
    return new AlarmReading(
        List.of(new AlarmState(ALARM, state, "Threshold Crossed", 1L)), List.of(), 1L);
  }

  static PatchRequest gated(String concurrency) {
    return install("staging", concurrency, "0", null)
        .withAlarms(
            AlarmSettings.of(
                AlarmSelection.of(List.of(ALARM), null),
                false,
                MissingData.IGNORE,
                Duration.ofSeconds(10)));
  }

  @Test
  void anInstallInWavesPatchesEveryWaveInTurn() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 5)) {
      PatchResult r =
          f.run(
              install("staging", "2", "0", null)
                  .withWaves(WavePlan.parse("1,2"), Duration.ofMinutes(5)));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
      assertThat(r.patched()).isEqualTo(5);
      assertThat(f.commands.patchSends().get(0).instanceIds())
          .containsExactly(PatchFixture.ids(5).get(0));
      assertThat(r.durationSeconds()).isGreaterThanOrEqualTo(3 * 300);
      // Per-wave metrics with a Wave dimension: 1, 2 and 2 instances patched.
      for (int wave = 1; wave <= 3; wave++) {
        int size = wave == 1 ? 1 : 2;
        verify(f.notify)
            .putMetrics(
                eq("ssmflow"),
                eq(
                    Map.of(
                        "Operation",
                        "Install",
                        "Environment",
                        "staging",
                        "Wave",
                        Integer.toString(wave))),
                eq(
                    List.of(
                        new MetricDatum("InstancesSucceeded", size, "Count"),
                        new MetricDatum("InstancesFailed", 0, "Count"))));
      }
    }
  }

  @Test
  void anAlarmDuringTheBakeStopsTheNextWave() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 4)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call ->
                  reading(
                      call.getArgument(0, AlarmWatch.class).phase().startsWith("bake")
                          ? AlarmState.ALARM
                          : AlarmState.OK));
      PatchResult r = f.run(gated("2").withWaves(WavePlan.parse("1,100%"), Duration.ofMinutes(5)));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.FAILED);
      assertThat(r.message()).startsWith("stopped: alarm " + ALARM);
      assertThat(f.commands.patchSends()).hasSize(1);
      assertThat(r.instances())
          .filteredOn(i -> i.state() == PatchInstanceState.SKIPPED)
          .hasSize(3)
          .allSatisfy(i -> assertThat(i.reason()).contains("alarm " + ALARM));
      // Wave 1's instance was patched: the alarm sends it back to its pre-patch restore point.
      String first = PatchFixture.ids(4).get(0);
      assertThat(f.ec2.restoredFrom())
          .containsExactly(Map.entry(first, FakePatchActivities.rootSnapshot(first)));
      assertThat(r.instances())
          .filteredOn(i -> i.instanceId().equals(first))
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.state()).isEqualTo(PatchInstanceState.ROLLED_BACK);
                assertThat(i.reason())
                    .startsWith("restored from the pre-patch snapshot: alarm " + ALARM);
              });
      assertThat(r.patched()).isZero();
    }
  }

  @Test
  void anAlarmRestoresEveryPatchedInstanceAndValidatesItAgain() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 3)) {
      String second = PatchFixture.ids(3).get(1);
      f.ec2.failRestoreOf(second);
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call ->
                  reading(
                      call.getArgument(0, AlarmWatch.class).phase().startsWith("bake")
                          ? AlarmState.ALARM
                          : AlarmState.OK));
      PatchResult r = f.run(gated("3").withWaves(WavePlan.parse("2,100%"), Duration.ofMinutes(5)));

      // A restore that fails leaves the run ROLLBACK_FAILED, naming the instance and why.
      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLBACK_FAILED);
      assertThat(r.message()).contains(second + " restore after alarm " + ALARM);
      assertThat(f.ec2.restoredFrom()).containsOnlyKeys(PatchFixture.ids(3).get(0));
      assertThat(r.instances())
          .extracting(InstancePatchResult::instanceId, InstancePatchResult::state)
          .containsExactlyInAnyOrder(
              tuple(PatchFixture.ids(3).get(0), PatchInstanceState.ROLLED_BACK),
              tuple(second, PatchInstanceState.ROLLBACK_FAILED),
              tuple(PatchFixture.ids(3).get(2), PatchInstanceState.SKIPPED));
      assertThat(f.commands.steps(PatchFixture.ids(3).get(0)))
          .last()
          .asString()
          .contains("revalidate");
      assertThat(r.message()).contains("1 rolled back, 1 rollback failed");
    }
  }

  @Test
  void anAlarmInAlarmAtTheStartAbortsBeforeAnythingChanges() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 3)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.ALARM));
      PatchResult r = f.run(gated("2"));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ABORTED);
      assertThat(r.message())
          .contains("alarm " + ALARM + " is in ALARM")
          .endsWith("nothing changed");
      assertThat(f.commands.patchSends()).isEmpty();
      assertThat(r.patched()).isZero();
    }
  }

  @Test
  void anAlarmDuringTheInstallStopsLaunching() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 6)) {
      when(f.alarms.readAlarms(any())).thenReturn(reading(AlarmState.OK));
      when(f.alarms.watchAlarms(any()))
          .thenAnswer(
              call -> {
                long deadline = System.currentTimeMillis() + 2_000;
                while (System.currentTimeMillis() < deadline && f.commands.patchSends().isEmpty()) {
                  Thread.sleep(10);
                }
                return reading(
                    f.commands.patchSends().isEmpty() ? AlarmState.OK : AlarmState.ALARM);
              });
      PatchResult r = f.run(gated("1"));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.FAILED);
      assertThat(r.message()).startsWith("stopped: alarm " + ALARM + " in ALARM");
      assertThat(f.commands.patchSends().size()).isLessThan(6);
      assertThat(r.instances())
          .filteredOn(i -> i.state() == PatchInstanceState.SKIPPED)
          .isNotEmpty()
          .allSatisfy(i -> assertThat(i.reason()).contains("alarm " + ALARM));
    }
  }
}
