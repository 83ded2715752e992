package io.ssmflow.cli;

import java.util.regex.Pattern;

/** The checks of the flags an operation reports through: --topic and --metrics-namespace. */
public final class NotifyFlags {
  private static final Pattern SNS_ARN =
      Pattern.compile("arn:[a-z-]+:sns:[a-z0-9-]*:\\d{0,12}:" + "[A-Za-z0-9_.-]{1,256}");
  private static final Pattern METRICS_NAMESPACE = Pattern.compile("[A-Za-z0-9._/#:-]{1,255}");

  private NotifyFlags() {}

  /** Whether this is an SNS topic ARN. */
  public static boolean isTopicArn(String topic) {
    return SNS_ARN.matcher(topic).matches();
  }

  /**
   * The --topic as given (null: none).
   *
   * @param exampleName the topic name of the example ARN in the message
   * @throws IllegalArgumentException when it is not an SNS topic ARN
   */
  public static String topic(String topic, String exampleName) {
    if (topic != null && !isTopicArn(topic)) {
      throw new IllegalArgumentException(
          "topic must be an SNS topic ARN such as"
              + " arn:aws:sns:us-east-1:123456789012:"
              + exampleName
              + ", not '"
              + topic
              + "'");
    }
    return topic;
  }

  /**
   * The --metrics-namespace: null for {@code none} (no metrics), else the namespace.
   *
   * @throws IllegalArgumentException when it is not a CloudWatch namespace
   */
  public static String metricsNamespace(String given) {
    String namespace = "none".equals(given) ? null : given;
    if (namespace != null && !METRICS_NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "metrics-namespace '" + given + "' is not a CloudWatch namespace");
    }
    return namespace;
  }
}
