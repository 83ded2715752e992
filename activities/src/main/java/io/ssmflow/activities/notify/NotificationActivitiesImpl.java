package io.ssmflow.activities.notify;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum.Builder;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * SNS notifications and CloudWatch metrics. Standard SNS topics deliver at least once, so a retried
 * publish can repeat a message; FIFO topics get a deduplication id derived from the activity, which
 * makes retries exact.
 */
public final class NotificationActivitiesImpl implements NotificationActivities {
  static final int MAX_SUBJECT = 100;

  /** CloudWatch's limit of data points per PutMetricData call. */
  static final int MAX_DATA_PER_CALL = 1000;

  static final int MAX_DIMENSIONS = 30;

  private final SnsClient sns;
  private final CloudWatchClient cloudWatch;

  @Inject
  public NotificationActivitiesImpl(SnsClient sns, CloudWatchClient cloudWatch) {
    this.sns = requireNonNull(sns, "sns is null");
    this.cloudWatch = requireNonNull(cloudWatch, "cloudWatch is null");
  }

  @Override
  public String publish(String topicArn, String subject, String message) {
    requireNonNull(topicArn, "topicArn is null");
    requireNonNull(message, "message is null");
    PublishRequest.Builder request = PublishRequest.builder().topicArn(topicArn).message(message);
    String cleanSubject = subject(subject);
    if (!cleanSubject.isEmpty()) {
      request.subject(cleanSubject);
    }
    if (topicArn.endsWith(".fifo")) {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      request
          .messageGroupId("ssmflow")
          .messageDeduplicationId(dedupId(info.getWorkflowId(), info.getActivityId()));
    }
    return sns.publish(request.build()).messageId();
  }

  /**
   * SNS subjects are printable ASCII on one line, at most 100 characters: other characters become
   * spaces or '?', and the subject is cut.
   */
  static String subject(String subject) {
    if (subject == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (char c : subject.toCharArray()) {
      b.append(Character.isISOControl(c) ? ' ' : c < 0x7f ? c : '?');
    }
    String s = b.toString().strip();
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT);
  }

  static String dedupId(String workflowId, String activityId) {
    String id = (workflowId + "/" + activityId).replaceAll("[^A-Za-z0-9!-/:-@\\[-`{-~]", "_");
    return id.length() <= 128 ? id : id.substring(id.length() - 128);
  }

  @Override
  public void putMetrics(String namespace, Map<String, String> dimensions, List<MetricDatum> data) {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(data, "data is null");
    Map<String, String> dims = dimensions == null ? Map.of() : new TreeMap<>(dimensions);
    if (dims.size() > MAX_DIMENSIONS) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a metric takes at most 30 dimensions, not " + dims.size(), "InvalidInput");
    }
    List<Dimension> dimensionList = new ArrayList<>();
    dims.forEach((k, v) -> dimensionList.add(Dimension.builder().name(k).value(v).build()));
    // The time the activity was first scheduled, not now: a retried call puts its points in the
    // same period as the first attempt would have.
    long scheduled = Activity.getExecutionContext().getInfo().getScheduledTimestamp();
    Instant timestamp = scheduled > 0 ? Instant.ofEpochMilli(scheduled) : Instant.now();
    List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> sdkData = new ArrayList<>();
    for (MetricDatum datum : data) {
      Builder b =
          software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder()
              .metricName(datum.name())
              .value(datum.value())
              .dimensions(dimensionList)
              .timestamp(timestamp);
      if (datum.unit() != null) {
        b.unit(unit(datum.unit()));
      }
      sdkData.add(b.build());
    }
    for (int i = 0; i < sdkData.size(); i += MAX_DATA_PER_CALL) {
      List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> chunk =
          sdkData.subList(i, Math.min(sdkData.size(), i + MAX_DATA_PER_CALL));
      cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(chunk));
    }
  }

  private static StandardUnit unit(String unit) {
    StandardUnit u = StandardUnit.fromValue(unit);
    if (u == StandardUnit.UNKNOWN_TO_SDK_VERSION) {
      throw ApplicationFailure.newNonRetryableFailure(
          "unknown CloudWatch unit: " + unit, "InvalidInput");
    }
    return u;
  }
}
