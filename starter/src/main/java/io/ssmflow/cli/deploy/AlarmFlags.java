package io.ssmflow.cli.deploy;

import io.ssmflow.cli.Durations;
import io.ssmflow.workflows.alarm.AlarmSelection;
import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.alarm.MissingData;
import java.util.List;
import picocli.CommandLine.Option;

/** The alarm gate's flags of {@code deploy} and {@code patch} (docs/waves.md). */
public final class AlarmFlags {
  @Option(
      names = "--alarm",
      paramLabel = "NAME",
      description =
          "A CloudWatch alarm that stops" + " the run when it goes to ALARM (repeatable).")
  List<String> alarms;

  @Option(
      names = "--alarm-prefix",
      paramLabel = "PREFIX",
      description = "Every CloudWatch alarm whose name starts with PREFIX.")
  String alarmPrefix;

  @Option(
      names = "--ignore-alarms-at-start",
      description =
          "Start even when an alarm is"
              + " already in ALARM (it stops the run once it fires again).")
  boolean ignoreAlarmsAtStart;

  @Option(
      names = "--alarm-missing-data",
      paramLabel = "ignore|fail",
      defaultValue = "ignore",
      description = "How an alarm in INSUFFICIENT_DATA counts (default: ${DEFAULT-VALUE}).")
  String alarmMissingData;

  @Option(
      names = "--alarm-poll",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "How often the alarms are read (default: ${DEFAULT-VALUE}).")
  String alarmPoll;

  /**
   * The settings, or null when no alarm is named.
   *
   * @throws IllegalArgumentException one line naming the bad flag
   */
  public AlarmSettings settings() {
    List<String> names = alarms == null ? List.of() : alarms;
    if (names.isEmpty() && alarmPrefix == null) {
      return null;
    }
    return AlarmSettings.of(
        AlarmSelection.of(names, alarmPrefix),
        ignoreAlarmsAtStart,
        MissingData.parse(alarmMissingData),
        Durations.parse("alarm-poll", alarmPoll, AlarmSettings.MIN_POLL, AlarmSettings.MAX_POLL));
  }
}
