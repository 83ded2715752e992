package io.ssmflow.workflows.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Telling people and dashboards: SNS messages and CloudWatch metrics. */
@ActivityInterface
public interface NotificationActivities {
  /**
   * Publishes to an SNS topic; answers the message id.
   *
   * @param topicArn the topic
   * @param subject at most 100 characters
   * @param message the body (plain text or JSON)
   */
  @ActivityMethod
  String publish(String topicArn, String subject, String message);

  /**
   * Puts metric data in one call.
   *
   * @param namespace e.g. {@code ssmflow}
   * @param dimensions e.g. App and Environment
   * @param data the data points
   */
  @ActivityMethod
  void putMetrics(String namespace, Map<String, String> dimensions, List<MetricDatum> data);
}
