package io.ssmflow.cli.deploy;

import io.ssmflow.activities.alarm.AlarmReader;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.cli.AwsAccess;
import io.ssmflow.cli.CliError;
import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.alarm.AlarmState;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The CLI's read of a run's alarms before it starts anything: a name that does not exist, a prefix
 * that matches nothing, or (without --ignore-alarms-at-start) an alarm already firing is one line
 * and exit 2. The workflow reads them again when it starts (docs/waves.md).
 */
public final class AlarmPreflight {
  private AlarmPreflight() {}

  /** The alarms now; throws a one-line {@link CliError} when the run may not start. */
  public static AlarmReading check(AlarmSettings settings, Map<String, String> env) {
    AlarmReading reading = read(settings, env);
    if (!reading.missing().isEmpty()) {
      throw CliError.badInput("no such alarm: " + String.join(", ", reading.missing()));
    }
    if (reading.alarms().isEmpty()) {
      throw CliError.badInput("no alarm matches " + settings.selection().describe());
    }
    AlarmState firing = reading.firing(settings.missingData(), Map.of());
    if (firing != null && !settings.ignoreAtStart()) {
      throw CliError.badInput(
          "alarm "
              + firing.name()
              + " is in "
              + firing.state()
              + " since "
              + Instant.ofEpochMilli(firing.updatedMillis())
              + ": "
              + firing.reason()
              + " (--ignore-alarms-at-start starts anyway)");
    }
    return reading;
  }

  /** The alarms now (for --plan); AWS errors are one line, exit 2. */
  public static AlarmReading read(AlarmSettings settings, Map<String, String> env) {
    String what = "read the alarms " + settings.selection().describe();
    AwsAccess.probe(what, env, AwsSettings.Service.CLOUDWATCH);
    try (AwsClients aws = AwsAccess.clients(env)) {
      return new AlarmReader(aws.cloudWatch()).read(settings.selection());
    } catch (SdkException e) {
      throw AwsAccess.error(what, e, env, AwsSettings.Service.CLOUDWATCH);
    }
  }
}
