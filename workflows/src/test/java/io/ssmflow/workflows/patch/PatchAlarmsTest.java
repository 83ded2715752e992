package io.ssmflow.workflows.patch;

import static io.ssmflow.workflows.patch.PatchFixture.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmSelection;
import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.alarm.AlarmWatch;
import io.ssmflow.workflows.alarm.MissingData;
import io.ssmflow.workflows.wave.WavePlan;
import java.time.Duration;
import java.util.List;
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
