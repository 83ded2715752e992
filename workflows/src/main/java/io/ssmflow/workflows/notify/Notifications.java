package io.ssmflow.workflows.notify;

import io.temporal.failure.ActivityFailure;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a workflow reports its end: an SNS summary and CloudWatch metrics, each only when asked for
 * (a non-blank topic / namespace) and neither able to fail the run (a failed activity is handed to
 * {@code onFailure}, to be logged). Workflow code: it only calls the activity stub.
 */
public final class Notifications {
  /** SNS's limit on a subject. */
  public static final int MAX_SUBJECT = 100;

  private Notifications() {}

  /** Publishes the message under the subject (cut to 100 characters) to a non-blank topic. */
  public static void publish(
      NotificationActivities notifications,
      String topic,
      String subject,
      Supplier<String> message,
      Consumer<ActivityFailure> onFailure) {
    if (topic == null || topic.isBlank()) {
      return;
    }
    try {
      notifications.publish(
          topic,
          subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject,
          message.get());
    } catch (ActivityFailure e) {
      onFailure.accept(e);
    }
  }

  /** Puts the data with these dimensions into a non-blank namespace. */
  public static void putMetrics(
      NotificationActivities notifications,
      String namespace,
      Map<String, String> dimensions,
      Supplier<List<MetricDatum>> data,
      Consumer<ActivityFailure> onFailure) {
    if (namespace == null || namespace.isBlank()) {
      return;
    }
    List<MetricDatum> datums = data.get();
    try {
      notifications.putMetrics(namespace, dimensions, datums);
    } catch (ActivityFailure e) {
      onFailure.accept(e);
    }
  }
}
