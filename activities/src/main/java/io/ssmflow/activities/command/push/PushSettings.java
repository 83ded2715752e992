package io.ssmflow.activities.command.push;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.model.NotificationEvent;
import software.amazon.awssdk.services.ssm.model.NotificationType;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/**
 * Completion push (docs/design.md, "Completion push"), read once from the environment: SSM
 * publishes each invocation's end to an SNS topic, and the worker's {@link CompletionReceiver}
 * takes them from its HTTP subscription to that topic. Off unless {@code SSMFLOW_PUSH_TOPIC_ARN} is
 * set.
 *
 * @param topicArn the topic SSM publishes to ({@code SSMFLOW_PUSH_TOPIC_ARN}), null when off
 * @param roleArn the IAM role SSM assumes to publish, SendCommand's ServiceRoleArn ({@code
 *     SSMFLOW_PUSH_ROLE_ARN})
 * @param listen where the receiver listens ({@code SSMFLOW_PUSH_LISTEN}, host:port; default {@code
 *     127.0.0.1:0}, a free port)
 * @param url the URL SNS delivers to ({@code SSMFLOW_PUSH_URL}); null: the receiver's own address
 *     (right when SNS can reach it directly, as the simulator can)
 */
public record PushSettings(String topicArn, String roleArn, InetSocketAddress listen, URI url) {
  /** Push off: commands are followed by polling only. */
  public static final PushSettings OFF = new PushSettings(null, null, null, null);

  public static final String TOPIC_ENV = "SSMFLOW_PUSH_TOPIC_ARN";
  public static final String ROLE_ENV = "SSMFLOW_PUSH_ROLE_ARN";
  public static final String LISTEN_ENV = "SSMFLOW_PUSH_LISTEN";
  public static final String URL_ENV = "SSMFLOW_PUSH_URL";

  /** The path the receiver answers on. */
  public static final String PATH = "/ssmflow/sns";

  static final Pattern TOPIC_ARN =
      Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$");
  static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$");

  public PushSettings {
    if (topicArn != null) {
      if (!TOPIC_ARN.matcher(topicArn).matches()) {
        throw new IllegalArgumentException(
            TOPIC_ENV
                + " must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME), not "
                + topicArn);
      }
      if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
        throw new IllegalArgumentException(
            ROLE_ENV
                + " must be the ARN of the IAM role SSM assumes to publish to "
                + topicArn
                + " (arn:aws:iam::ACCOUNT:role/NAME)"
                + (roleArn == null ? "" : ", not " + roleArn));
      }
      if (listen == null) {
        listen = new InetSocketAddress("127.0.0.1", 0);
      }
      if (url != null) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
          throw new IllegalArgumentException(URL_ENV + " must be an http(s) URL, not " + url);
        }
      }
    }
  }

  /** Whether SSM is asked to push. */
  public boolean enabled() {
    return topicArn != null;
  }

  /** Reads the four variables; throws IllegalArgumentException with one line on a bad value. */
  public static PushSettings fromEnvironment(Map<String, String> env) {
    String topic = value(env, TOPIC_ENV);
    if (topic == null) {
      for (String other : new String[] {ROLE_ENV, LISTEN_ENV, URL_ENV}) {
        if (value(env, other) != null) {
          throw new IllegalArgumentException(other + " is set but " + TOPIC_ENV + " is not");
        }
      }
      return OFF;
    }
    String listen = value(env, LISTEN_ENV);
    String url = value(env, URL_ENV);
    URI uri = null;
    if (url != null) {
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(URL_ENV + " is not a URL: " + url);
      }
    }
    return new PushSettings(
        topic, value(env, ROLE_ENV), listen == null ? null : hostPort(LISTEN_ENV, listen), uri);
  }

  /** Adds the NotificationConfig and ServiceRoleArn of a pushed command (nothing when off). */
  public void notificationConfig(SendCommandRequest.Builder send) {
    if (!enabled()) {
      return;
    }
    send.serviceRoleArn(roleArn)
        .notificationConfig(
            n ->
                n.notificationArn(topicArn)
                    .notificationEvents(
                        NotificationEvent.SUCCESS,
                        NotificationEvent.FAILED,
                        NotificationEvent.TIMED_OUT,
                        NotificationEvent.CANCELLED)
                    .notificationType(NotificationType.INVOCATION));
  }

  static InetSocketAddress hostPort(String name, String value) {
    int colon = value.lastIndexOf(':');
    String host = colon <= 0 ? "" : value.substring(0, colon);
    String port = colon < 0 ? "" : value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()
        || port.isEmpty()
        || !port.chars().allMatch(Character::isDigit)
        || port.length() > 5
        || Integer.parseInt(port) > 65_535) {
      throw new IllegalArgumentException(name + " must be host:port, not " + value);
    }
    return new InetSocketAddress(host, Integer.parseInt(port));
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
