package io.ssmflow.simulator.cloudwatch;

import java.time.Instant;

/** One DescribeAlarmHistory item. */
record AlarmHistoryItem(
    String region, String alarmName, Instant at, String type, String summary, String data) {}
