package io.ssmflow.simulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.InvalidFormatException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** Metric alarms through SDK v2: configuration, real evaluation, SNS actions, state, history. */
class CloudWatchAlarmsTest {
  private static TestSimulator sim;
  private static CloudWatchClient cw;
  private String topicArn;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    cw = sim.cloudWatch();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.admin("POST", "/_sim/reset");
    topicArn = sim.sns().createTopic(r -> r.name("ops-alerts")).topicArn();
  }

  private static final Dimension HOST = Dimension.builder().name("Host").value("web-1").build();

  private PutMetricAlarmRequest.Builder cpuAlarm(String name) {
    return PutMetricAlarmRequest.builder()
        .alarmName(name)
        .alarmDescription("CPU too high")
        .namespace("App")
        .metricName("Cpu")
        .dimensions(HOST)
        .statistic(Statistic.AVERAGE)
        .period(10)
        .evaluationPeriods(1)
        .threshold(90.0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .alarmActions(topicArn)
        .okActions(topicArn);
  }

  private void putCpu(double... values) {
    List<MetricDatum> data = new ArrayList<>();
    for (double v : values) {
      data.add(
          MetricDatum.builder()
              .metricName("Cpu")
              .dimensions(HOST)
              .value(v)
              .storageResolution(1)
              .unit(StandardUnit.PERCENT)
              .build());
    }
    cw.putMetricData(r -> r.namespace("App").metricData(data));
  }

  private MetricAlarm alarm(String name) {
    return cw.describeAlarms(r -> r.alarmNames(name)).metricAlarms().get(0);
  }

  private List<JsonNode> snsMessages() {
    List<JsonNode> out = new ArrayList<>();
    sim.admin("GET", "/_sim/sns/messages?topic=ops-alerts").get("messages").forEach(out::add);
    return out;
  }

  private static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    T last = probe.get();
    while (!done.test(last) && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = probe.get();
    }
    return last;
  }

  @Test
  void breachingDataRaisesTheAlarmAndPublishesToSnsThenRecovers() throws Exception {
    cw.putMetricAlarm(cpuAlarm("cpu-high").build());
    MetricAlarm created = alarm("cpu-high");
    assertThat(created.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
    assertThat(created.alarmArn())
        .isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high");
    assertThat(created.actionsEnabled()).isTrue();

    putCpu(95);
    MetricAlarm raised = alarm("cpu-high");
    assertThat(raised.stateValue()).isEqualTo(StateValue.ALARM);
    assertThat(raised.stateReason())
        .matches(
            "Threshold Crossed: 1 out of the last 1 datapoints"
                + " \\[95\\.0 \\(\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\)\\] was greater than or"
                + " equal to the threshold \\(90\\.0\\)\\.");
    JsonNode reasonData = Json.MAPPER.readTree(raised.stateReasonData());
    assertThat(reasonData.get("statistic").asText()).isEqualTo("Average");
    assertThat(reasonData.get("recentDatapoints").get(0).asDouble()).isEqualTo(95.0);
    assertThat(raised.stateUpdatedTimestamp()).isAfterOrEqualTo(created.stateUpdatedTimestamp());

    List<JsonNode> messages = await(this::snsMessages, l -> !l.isEmpty());
    assertThat(messages).hasSize(1);
    JsonNode published = messages.get(0);
    assertThat(published.get("subject").asText())
        .isEqualTo("ALARM: \"cpu-high\" in US East (N. Virginia)");
    JsonNode body = Json.MAPPER.readTree(published.get("message").asText());
    assertThat(body.get("AlarmName").asText()).isEqualTo("cpu-high");
    assertThat(body.get("AlarmDescription").asText()).isEqualTo("CPU too high");
    assertThat(body.get("AWSAccountId").asText()).isEqualTo("123456789012");
    assertThat(body.get("NewStateValue").asText()).isEqualTo("ALARM");
    assertThat(body.get("OldStateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(body.get("NewStateReason").asText()).isEqualTo(raised.stateReason());
    assertThat(body.get("Region").asText()).isEqualTo("US East (N. Virginia)");
    assertThat(body.get("AlarmArn").asText()).isEqualTo(raised.alarmArn());
    assertThat(body.get("StateChangeTime").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    JsonNode trigger = body.get("Trigger");
    assertThat(trigger.get("MetricName").asText()).isEqualTo("Cpu");
    assertThat(trigger.get("Statistic").asText()).isEqualTo("AVERAGE");
    assertThat(trigger.get("Threshold").asDouble()).isEqualTo(90.0);
    assertThat(trigger.get("Dimensions").get(0).get("value").asText()).isEqualTo("web-1");

    // Many low values in the same period pull the average under the threshold.
    putCpu(10, 10, 10, 10, 10);
    assertThat(alarm("cpu-high").stateValue()).isEqualTo(StateValue.OK);
    messages = await(this::snsMessages, l -> l.size() == 2);
    assertThat(messages.get(1).get("subject").asText())
        .isEqualTo("OK: \"cpu-high\" in US East (N. Virginia)");
    JsonNode ok = Json.MAPPER.readTree(messages.get(1).get("message").asText());
    assertThat(ok.get("OldStateValue").asText()).isEqualTo("ALARM");
    assertThat(ok.get("NewStateReason").asText())
        .contains("was not greater than or equal to")
        .contains("(minimum 1 datapoint for ALARM -> OK transition)");

    List<AlarmHistoryItem> history =
        cw.describeAlarmHistory(r -> r.alarmName("cpu-high")).alarmHistoryItems();
    assertThat(history)
        .extracting(AlarmHistoryItem::historyItemType)
        .contains(
            HistoryItemType.CONFIGURATION_UPDATE,
            HistoryItemType.STATE_UPDATE,
            HistoryItemType.ACTION);
    assertThat(
            cw.describeAlarmHistory(
                    r -> r.alarmName("cpu-high").historyItemType(HistoryItemType.STATE_UPDATE))
                .alarmHistoryItems())
        .extracting(AlarmHistoryItem::historySummary)
        .containsExactly(
            "Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM");
  }

  @Test
  void setAlarmStateHoldsAndRunsActions() {
    cw.putMetricAlarm(cpuAlarm("manual").build());
    cw.setAlarmState(
        r ->
            r.alarmName("manual")
                .stateValue(StateValue.ALARM)
                .stateReason("testing the pager")
                .stateReasonData("{\"by\":\"test\"}"));
    MetricAlarm a = alarm("manual");
    assertThat(a.stateValue()).isEqualTo(StateValue.ALARM);
    assertThat(a.stateReason()).isEqualTo("testing the pager");
    assertThat(a.stateReasonData()).isEqualTo("{\"by\":\"test\"}");
    assertThat(await(this::snsMessages, l -> !l.isEmpty())).hasSize(1);
    // No data arrives, so the scheduler's next evaluation is a period away: the state holds.
    assertThat(alarm("manual").stateValue()).isEqualTo(StateValue.ALARM);

    assertThatThrownBy(
            () ->
                cw.setAlarmState(
                    r -> r.alarmName("nope").stateValue(StateValue.OK).stateReason("x")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
              assertThat(e.statusCode()).isEqualTo(404);
            });
    assertThatThrownBy(
            () ->
                cw.setAlarmState(
                    r ->
                        r.alarmName("manual")
                            .stateValue(StateValue.OK)
                            .stateReason("x")
                            .stateReasonData("{not json")))
        .isInstanceOfSatisfying(
            InvalidFormatException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidFormat"));

    // Data that is fine is the next evaluation: it moves the alarm back to OK.
    putCpu(20);
    assertThat(alarm("manual").stateValue()).isEqualTo(StateValue.OK);
  }

  @Test
  void disabledActionsDoNotPublish() {
    cw.putMetricAlarm(cpuAlarm("quiet").build());
    cw.disableAlarmActions(r -> r.alarmNames("quiet"));
    assertThat(alarm("quiet").actionsEnabled()).isFalse();
    putCpu(99);
    assertThat(alarm("quiet").stateValue()).isEqualTo(StateValue.ALARM);
    cw.enableAlarmActions(r -> r.alarmNames("quiet"));
    assertThat(alarm("quiet").actionsEnabled()).isTrue();
    assertThat(snsMessages()).isEmpty();
  }

  @Test
  void missingDataAndMOfN() {
    // 2 of 3 periods must breach; missing data counts as breaching.
    cw.putMetricAlarm(
        cpuAlarm("m-of-n")
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData("breaching")
            .alarmActions(List.of())
            .okActions(List.of())
            .build());
    MetricAlarm a = await(() -> alarm("m-of-n"), x -> x.stateValue() == StateValue.ALARM);
    assertThat(a.stateValue()).isEqualTo(StateValue.ALARM);
    assertThat(a.stateReason()).contains("treated as [Breaching]");

    cw.putMetricAlarm(
        cpuAlarm("no-data")
            .alarmActions(List.of())
            .okActions(List.of())
            .insufficientDataActions(topicArn)
            .build());
    cw.setAlarmState(r -> r.alarmName("no-data").stateValue(StateValue.OK).stateReason("x"));
    // Reconfiguring makes the alarm due at once; with no data it has insufficient data.
    cw.putMetricAlarm(
        cpuAlarm("no-data")
            .alarmActions(List.of())
            .okActions(List.of())
            .insufficientDataActions(topicArn)
            .build());
    MetricAlarm nd =
        await(() -> alarm("no-data"), x -> x.stateValue() == StateValue.INSUFFICIENT_DATA);
    assertThat(nd.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
    assertThat(nd.stateReason()).isEqualTo("Insufficient Data: 1 datapoint was unknown.");
    List<JsonNode> messages = await(this::snsMessages, l -> !l.isEmpty());
    assertThat(messages.get(0).get("subject").asText())
        .isEqualTo("INSUFFICIENT_DATA: \"no-data\" in US East (N. Virginia)");
  }

  @Test
  void metricMathAlarm() {
    MetricStat errors =
        MetricStat.builder()
            .metric(Metric.builder().namespace("App").metricName("Errors").build())
            .period(10)
            .stat("Sum")
            .build();
    MetricStat requests =
        MetricStat.builder()
            .metric(Metric.builder().namespace("App").metricName("Requests").build())
            .period(10)
            .stat("Sum")
            .build();
    cw.putMetricAlarm(
        r ->
            r.alarmName("error-rate")
                .evaluationPeriods(1)
                .threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .metrics(
                    MetricDataQuery.builder().id("e").metricStat(errors).returnData(false).build(),
                    MetricDataQuery.builder()
                        .id("r")
                        .metricStat(requests)
                        .returnData(false)
                        .build(),
                    MetricDataQuery.builder()
                        .id("rate")
                        .expression("100 * e / r")
                        .label("rate")
                        .returnData(true)
                        .build()));
    cw.putMetricData(
        r ->
            r.namespace("App")
                .metricData(
                    MetricDatum.builder()
                        .metricName("Requests")
                        .value(100.0)
                        .storageResolution(1)
                        .build(),
                    MetricDatum.builder()
                        .metricName("Errors")
                        .value(9.0)
                        .storageResolution(1)
                        .build()));
    MetricAlarm a = alarm("error-rate");
    assertThat(a.stateValue()).isEqualTo(StateValue.ALARM);
    assertThat(a.metrics()).hasSize(3);
    assertThat(a.metricName()).isNull();
  }

  @Test
  void describeFiltersPagingAndForMetric() {
    for (int i = 0; i < 7; i++) {
      cw.putMetricAlarm(cpuAlarm(String.format("web-%02d", i)).build());
    }
    cw.putMetricAlarm(
        cpuAlarm("db-1")
            .alarmActions(List.of())
            .okActions("arn:aws:sns:us-east-1:123456789012:db-pager")
            .period(60)
            .build());
    cw.setAlarmState(r -> r.alarmName("web-03").stateValue(StateValue.ALARM).stateReason("x"));

    assertThat(cw.describeAlarms(r -> r.alarmNamePrefix("web-")).metricAlarms()).hasSize(7);
    assertThat(cw.describeAlarms(r -> r.stateValue(StateValue.ALARM)).metricAlarms())
        .extracting(MetricAlarm::alarmName)
        .containsExactly("web-03");
    assertThat(
            cw.describeAlarms(r -> r.actionPrefix("arn:aws:sns:us-east-1:123456789012:db"))
                .metricAlarms())
        .extracting(MetricAlarm::alarmName)
        .containsExactly("db-1");
    DescribeAlarmsResponse page = cw.describeAlarms(r -> r.maxRecords(3));
    assertThat(page.metricAlarms())
        .extracting(MetricAlarm::alarmName)
        .containsExactly("db-1", "web-00", "web-01");
    assertThat(page.nextToken()).isNotNull();
    assertThat(cw.describeAlarmsPaginator(r -> r.maxRecords(3)).metricAlarms().stream().count())
        .isEqualTo(8);
    assertThatThrownBy(() -> cw.describeAlarms(r -> r.alarmNames("a").alarmNamePrefix("b")))
        .isInstanceOf(InvalidParameterCombinationException.class);
    assertThatThrownBy(() -> cw.describeAlarms(r -> r.nextToken("bogus")))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));

    assertThat(
            cw.describeAlarmsForMetric(
                    r -> r.namespace("App").metricName("Cpu").dimensions(HOST).period(60))
                .metricAlarms())
        .extracting(MetricAlarm::alarmName)
        .containsExactly("db-1");
    assertThat(cw.describeAlarmsForMetric(r -> r.namespace("App").metricName("Cpu")).metricAlarms())
        .hasSize(8);

    assertThatThrownBy(() -> cw.deleteAlarms(r -> r.alarmNames("web-00", "missing")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound"));
    assertThat(cw.describeAlarms(r -> r.alarmNames("web-00")).metricAlarms()).hasSize(1);
    cw.deleteAlarms(r -> r.alarmNames("web-00", "web-01"));
    assertThat(cw.describeAlarms(r -> r.alarmNamePrefix("web-")).metricAlarms()).hasSize(5);
  }

  @Test
  void updateKeepsStateAndTagsWork() {
    cw.putMetricAlarm(
        cpuAlarm("tagged").tags(Tag.builder().key("team").value("ops").build()).build());
    String arn = alarm("tagged").alarmArn();
    cw.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("env").value("prod").build()));
    cw.untagResource(r -> r.resourceARN(arn).tagKeys("team"));
    assertThat(cw.listTagsForResource(r -> r.resourceARN(arn)).tags())
        .extracting(Tag::key)
        .containsExactly("env");
    assertThatThrownBy(() -> cw.listTagsForResource(r -> r.resourceARN(arn + "x")))
        .isInstanceOf(ResourceNotFoundException.class);

    cw.setAlarmState(r -> r.alarmName("tagged").stateValue(StateValue.ALARM).stateReason("x"));
    Instant before = alarm("tagged").alarmConfigurationUpdatedTimestamp();
    cw.putMetricAlarm(cpuAlarm("tagged").threshold(95.0).build());
    MetricAlarm updated = alarm("tagged");
    assertThat(updated.threshold()).isEqualTo(95.0);
    assertThat(updated.alarmConfigurationUpdatedTimestamp()).isAfterOrEqualTo(before);
  }

  @Test
  void putMetricAlarmValidation() {
    assertThatThrownBy(() -> cw.putMetricAlarm(cpuAlarm("bad").period(45).build()))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("multiple of 60");
    assertThatThrownBy(
            () -> cw.putMetricAlarm(cpuAlarm("bad").period(3600).evaluationPeriods(200).build()))
        .isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(() -> cw.putMetricAlarm(cpuAlarm("bad").extendedStatistic("p99").build()))
        .isInstanceOf(InvalidParameterCombinationException.class);
    assertThatThrownBy(
            () ->
                cw.putMetricAlarm(
                    cpuAlarm("bad").evaluationPeriods(2).datapointsToAlarm(3).build()))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    assertThatThrownBy(
            () -> cw.putMetricAlarm(cpuAlarm("bad").treatMissingData("sometimes").build()))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    assertThatThrownBy(() -> cw.putMetricAlarm(cpuAlarm("bad").alarmActions("not-an-arn").build()))
        .isInstanceOf(CloudWatchException.class)
        .hasMessageContaining("Invalid arn");
    assertThat(cw.describeAlarms(r -> r.alarmNames("bad")).metricAlarms()).isEmpty();
  }
}
