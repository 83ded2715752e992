package io.ssmflow.activities.alarm;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmSelection;
import io.ssmflow.workflows.alarm.AlarmState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;

/**
 * Reads the alarms of a selection: one DescribeAlarms for the names, one for the prefix
 * (DescribeAlarms takes one or the other), each paged by the SDK's paginator. Metric and composite
 * alarms both count. Used by the activities and by the CLI (before a run starts).
 */
public final class AlarmReader {
  private final CloudWatchClient cloudWatch;

  public AlarmReader(CloudWatchClient cloudWatch) {
    this.cloudWatch = requireNonNull(cloudWatch, "cloudWatch is null");
  }

  /** The selected alarms now, and the names asked for that do not exist. */
  public AlarmReading read(AlarmSelection selection) {
    requireNonNull(selection, "selection is null");
    Map<String, AlarmState> found = new TreeMap<>();
    if (!selection.names().isEmpty()) {
      describe(b -> b.alarmNames(selection.names()), found);
    }
    if (selection.prefix() != null) {
      describe(b -> b.alarmNamePrefix(selection.prefix()), found);
    }
    List<String> missing = new ArrayList<>();
    for (String name : selection.names()) {
      if (!found.containsKey(name)) {
        missing.add(name);
      }
    }
    return new AlarmReading(List.copyOf(found.values()), missing, System.currentTimeMillis());
  }

  private void describe(
      Consumer<DescribeAlarmsRequest.Builder> select, Map<String, AlarmState> found) {
    DescribeAlarmsRequest.Builder request =
        DescribeAlarmsRequest.builder()
            .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
            .maxRecords(100);
    select.accept(request);
    for (DescribeAlarmsResponse page : cloudWatch.describeAlarmsPaginator(request.build())) {
      page.metricAlarms()
          .forEach(
              a ->
                  found.put(
                      a.alarmName(),
                      new AlarmState(
                          a.alarmName(),
                          a.stateValueAsString(),
                          a.stateReason(),
                          millis(a.stateUpdatedTimestamp()))));
      page.compositeAlarms()
          .forEach(
              a ->
                  found.put(
                      a.alarmName(),
                      new AlarmState(
                          a.alarmName(),
                          a.stateValueAsString(),
                          a.stateReason(),
                          millis(a.stateUpdatedTimestamp()))));
    }
  }

  private static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }
}
