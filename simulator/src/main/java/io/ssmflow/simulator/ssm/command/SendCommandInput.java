package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated SendCommand request. Validation follows the SSM API model (lengths, patterns, ranges)
 * and answers the error codes SSM answers.
 */
record SendCommandInput(
    RunDocument document,
    String documentVersion,
    ObjectNode parameters,
    List<String> instanceIds,
    List<Target> targets,
    ArrayNode targetsJson,
    String comment,
    int timeoutSeconds,
    String maxConcurrency,
    String maxErrors,
    String outputS3Region,
    String outputS3BucketName,
    String outputS3KeyPrefix,
    String serviceRoleArn,
    JsonNode notificationConfig,
    NotificationConfig notifications,
    JsonNode cloudWatchOutputConfig,
    JsonNode alarmConfiguration) {

  static final Pattern INSTANCE_ID = Pattern.compile("(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)");
  static final String MAX_CONCURRENCY_PATTERN = "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$";
  static final String MAX_ERRORS_PATTERN = "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$";
  private static final Pattern DOCUMENT_NAME = Pattern.compile("^[a-zA-Z0-9_\\-.:/]{3,128}$");
  private static final Pattern DOCUMENT_VERSION =
      Pattern.compile("([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)");

  /** One entry of Targets: a key ({@code tag:K}, {@code tag-key}, {@code InstanceIds}). */
  record Target(String key, List<String> values) {}

  static SendCommandInput parse(ObjectNode in) {
    String documentName = Json.requiredText(in, "DocumentName");
    if (!DOCUMENT_NAME.matcher(documentName).matches()) {
      throw constraint(
          documentName,
          "documentName",
          "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.:/]{3,128}$");
    }
    String version = Json.optionalText(in, "DocumentVersion");
    if (version != null) {
      if (!DOCUMENT_VERSION.matcher(version).matches()) {
        throw constraint(
            version,
            "documentVersion",
            "Member must satisfy regular expression"
                + " pattern: ([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)");
      }
      if (!version.startsWith("$") && !version.equals("1")) {
        throw new AwsException(
            "InvalidDocumentVersion",
            "The document version "
                + version
                + " is not valid or does not exist for "
                + documentName
                + ".");
      }
    }
    Map<String, List<String>> params = Json.stringListMap(in, "Parameters");
    RunDocument document = RunDocument.parse(documentName, params);
    ObjectNode parametersJson = Json.object();
    params.forEach(
        (k, v) -> {
          ArrayNode a = parametersJson.putArray(k);
          v.forEach(a::add);
        });

    List<String> ids = Json.textList(in, "InstanceIds");
    List<JsonNode> targetNodes = Json.objectList(in, "Targets");
    if (ids.size() > 50) {
      throw constraint(
          ids.toString(), "instanceIds", "Member must have length less than or equal to 50");
    }
    if (targetNodes.size() > 5) {
      throw constraint(
          "[" + targetNodes.size() + " targets]",
          "targets",
          "Member must have length less than or equal to 5");
    }
    if (!ids.isEmpty() && !targetNodes.isEmpty()) {
      throw AwsException.validation(
          "InstanceIds and Targets cannot both be specified;" + " give one of them.");
    }
    if (ids.isEmpty() && targetNodes.isEmpty()) {
      throw AwsException.validation("Either InstanceIds or Targets must be specified.");
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new AwsException(
            "DuplicateInstanceId", "Instance id " + id + " appears more than once in InstanceIds.");
      }
    }
    List<Target> targets = new ArrayList<>();
    ArrayNode targetsJson = Json.array();
    for (JsonNode t : targetNodes) {
      String key = Json.optionalText(t, "Key");
      List<String> values = Json.textList(t, "Values");
      if (key == null || key.isEmpty() || key.length() > 163) {
        throw constraint(
            String.valueOf(key), "targets.member.key", "Member must have length between 1 and 163");
      }
      if (values.size() > 50) {
        throw constraint(
            values.toString(),
            "targets.member.values",
            "Member must have length less than or equal to 50");
      }
      targets.add(new Target(key, List.copyOf(values)));
      ObjectNode echo = targetsJson.addObject().put("Key", key);
      ArrayNode vs = echo.putArray("Values");
      values.forEach(vs::add);
    }

    String comment = Json.text(in, "Comment", "");
    if (comment.length() > 100) {
      throw constraint(comment, "comment", "Member must have length less than or equal to 100");
    }
    Integer timeout = Json.optionalInt(in, "TimeoutSeconds");
    if (timeout != null && (timeout < 30 || timeout > 2_592_000)) {
      throw constraint(
          timeout.toString(),
          "timeoutSeconds",
          timeout < 30
              ? "Member must have value greater than or equal to 30"
              : "Member must have value less than or equal to 2592000");
    }
    String maxConcurrency = Json.text(in, "MaxConcurrency", "50");
    if (maxConcurrency.length() > 7 || !maxConcurrency.matches(MAX_CONCURRENCY_PATTERN)) {
      throw constraint(
          maxConcurrency,
          "maxConcurrency",
          "Member must satisfy regular expression pattern: " + MAX_CONCURRENCY_PATTERN);
    }
    String maxErrors = Json.text(in, "MaxErrors", "0");
    if (maxErrors.length() > 7 || !maxErrors.matches(MAX_ERRORS_PATTERN)) {
      throw constraint(
          maxErrors,
          "maxErrors",
          "Member must satisfy regular expression pattern: " + MAX_ERRORS_PATTERN);
    }
    String bucket = Json.text(in, "OutputS3BucketName", "");
    if (!bucket.isEmpty() && (bucket.length() < 3 || bucket.length() > 63)) {
      throw constraint(bucket, "outputS3BucketName", "Member must have length between 3 and 63");
    }
    JsonNode notification = in.get("NotificationConfig");
    if (notification != null && !notification.isNull() && !notification.isObject()) {
      throw AwsException.validation("Member 'NotificationConfig' must be a structure");
    }
    String serviceRole = Json.text(in, "ServiceRoleArn", "");
    NotificationConfig notifications =
        NotificationConfig.parse(
            notification == null || notification.isNull() ? null : notification, serviceRole);
    JsonNode cloudWatch = in.get("CloudWatchOutputConfig");
    if (cloudWatch != null && !cloudWatch.isNull() && !cloudWatch.isObject()) {
      throw AwsException.validation("Member 'CloudWatchOutputConfig' must be a structure");
    }
    return new SendCommandInput(
        document,
        version == null ? "$DEFAULT" : version,
        parametersJson,
        List.copyOf(ids),
        List.copyOf(targets),
        targetsJson,
        comment,
        timeout == null ? 3600 : timeout,
        maxConcurrency,
        maxErrors,
        Json.optionalText(in, "OutputS3Region"),
        bucket,
        Json.text(in, "OutputS3KeyPrefix", ""),
        serviceRole,
        notification == null || notification.isNull() ? null : notification.deepCopy(),
        notifications,
        cloudWatch == null || cloudWatch.isNull() ? null : cloudWatch.deepCopy(),
        in.hasNonNull("AlarmConfiguration") ? in.get("AlarmConfiguration").deepCopy() : null);
  }

  boolean viaTargets() {
    return !targets.isEmpty();
  }

  /** MaxConcurrency as a number of instances: a percentage rounds up, at least 1. */
  static int concurrencyFor(String value, int targetCount) {
    if (value.endsWith("%")) {
      int pct = Integer.parseInt(value.substring(0, value.length() - 1));
      return Math.max(1, (int) Math.ceil(pct * (double) targetCount / 100.0));
    }
    return Integer.parseInt(value);
  }

  /** MaxErrors as a number of errors: a percentage of the targets rounds down. */
  static int errorsFor(String value, int targetCount) {
    if (value.endsWith("%")) {
      int pct = Integer.parseInt(value.substring(0, value.length() - 1));
      return (int) Math.floor(pct * (double) targetCount / 100.0);
    }
    return Integer.parseInt(value);
  }

  /** The AWS validation message for one failed constraint. */
  static AwsException constraint(String value, String member, String rule) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "..." : value;
    return AwsException.validation(
        "1 validation error detected: Value '"
            + shown
            + "' at '"
            + member
            + "' failed to satisfy constraint: "
            + rule);
  }

  /** Notification config as echoed in a Command (empty values when not given, like SSM). */
  JsonNode notificationJson() {
    if (notificationConfig != null) {
      return notificationConfig;
    }
    ObjectNode n = Json.object().put("NotificationArn", "");
    n.putArray("NotificationEvents");
    return n.put("NotificationType", "");
  }

  JsonNode cloudWatchJson() {
    if (cloudWatchOutputConfig != null) {
      return cloudWatchOutputConfig;
    }
    return Json.object().put("CloudWatchLogGroupName", "").put("CloudWatchOutputEnabled", false);
  }
}
