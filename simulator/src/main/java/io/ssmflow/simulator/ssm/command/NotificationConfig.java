package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated SendCommand {@code NotificationConfig} that asks for notifications (a non-empty
 * NotificationArn). The SSM API model (AWS API Reference, "NotificationConfig") allows the events
 * All | InProgress | Success | TimedOut | Cancelled | Failed and the types Command | Invocation.
 *
 * <p>An event is the Status SSM reports (never the StatusDetails): "Run Command supports sending
 * Amazon SNS notifications for commands that enter the following statuses: In Progress, Success,
 * Failed, Timed Out, Canceled ... Canceling and Pending ... are not captured" (AWS Systems Manager
 * User Guide, "Configure Amazon SNS notifications for AWS Systems Manager").
 *
 * @param topicArn the SNS topic (NotificationArn)
 * @param events the statuses to notify, with All expanded to every event
 * @param perInvocation NotificationType Invocation (one message per instance) rather than Command
 */
record NotificationConfig(String topicArn, Set<String> events, boolean perInvocation) {
  static final List<String> EVENTS =
      List.of("All", "InProgress", "Success", "TimedOut", "Cancelled", "Failed");
  static final List<String> TYPES = List.of("Command", "Invocation");

  /** SSM's IAM role ARN shape: {@code arn:<partition>:iam::<account>:role/<path/name>}. */
  private static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-zA-Z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");

  boolean wants(String status) {
    return events.contains(status);
  }

  /**
   * Validates {@code config} (may be null) like SendCommand: enum values first (the model's
   * ValidationException), then the service role (InvalidRole). Answers null when no notification is
   * asked for (no NotificationConfig, or an empty NotificationArn).
   *
   * <p>Not in the API reference, so chosen here: without NotificationEvents every event is sent (as
   * the console's default "All events"), and without NotificationType the Command summary.
   */
  static NotificationConfig parse(JsonNode config, String serviceRoleArn) {
    if (config == null) {
      return null;
    }
    List<String> events = events(config.get("NotificationEvents"));
    JsonNode typeNode = config.get("NotificationType");
    String type = typeNode == null || typeNode.isNull() ? null : typeNode.asText();
    if (type != null && !TYPES.contains(type)) {
      throw SendCommandInput.constraint(
          type,
          "notificationConfig.notificationType",
          "Member must satisfy enum value set: [Command, Invocation]");
    }
    JsonNode arnNode = config.get("NotificationArn");
    String arn = arnNode == null || arnNode.isNull() ? "" : arnNode.asText();
    if (arn.isEmpty()) {
      return null;
    }
    if (serviceRoleArn.isEmpty()) {
      throw new AwsException(
          "InvalidRole",
          "ServiceRoleArn is required with a NotificationArn: it is the IAM role Systems Manager"
              + " assumes to publish notifications to "
              + arn
              + ".");
    }
    if (!ROLE_ARN.matcher(serviceRoleArn).matches()) {
      throw new AwsException(
          "InvalidRole",
          "ServiceRoleArn "
              + serviceRoleArn
              + " is not an IAM role ARN (arn:aws:iam::123456789012:role/name).");
    }
    Set<String> wanted = new LinkedHashSet<>();
    if (events.isEmpty() || events.contains("All")) {
      wanted.addAll(EVENTS.subList(1, EVENTS.size()));
    } else {
      wanted.addAll(events);
    }
    return new NotificationConfig(arn, Set.copyOf(wanted), "Invocation".equals(type));
  }

  private static List<String> events(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw AwsException.validation("Member 'NotificationEvents' must be a list");
    }
    for (JsonNode e : node) {
      out.add(e.asText());
    }
    for (String e : out) {
      if (!EVENTS.contains(e)) {
        throw SendCommandInput.constraint(
            out.toString(),
            "notificationConfig.notificationEvents",
            "Member must satisfy constraint: [Member must satisfy enum value set: " + EVENTS + "]");
      }
    }
    return out;
  }
}
