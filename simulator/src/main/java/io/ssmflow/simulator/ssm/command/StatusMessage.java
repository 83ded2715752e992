package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One Run Command status-change notification, captured under the command's monitor and rendered off
 * it. The fields are those of the AWS Systems Manager User Guide, "Example Amazon SNS notifications
 * for AWS Systems Manager": an Invocation message has commandId, documentName, instanceId,
 * requestedDateTime, status and eventTime; a Command summary has commandId, documentName,
 * instanceIds (empty when the command used Targets), requestedDateTime, expiresAfter,
 * outputS3BucketName, outputS3KeyPrefix, status and eventTime. Timestamps are ISO 8601 UTC with
 * milliseconds, trailing zeros dropped, as in those examples ({@code 2019-04-25T17:57:09.17Z}).
 *
 * @param instanceId the invocation's instance; null for a Command summary
 * @param status the Status (not StatusDetails) the command or invocation entered
 */
record StatusMessage(
    String topicArn,
    String commandId,
    String documentName,
    String instanceId,
    List<String> instanceIds,
    Instant requested,
    Instant expiresAfter,
    String outputS3BucketName,
    String outputS3KeyPrefix,
    String status,
    Instant eventTime) {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /** Caller holds the command's monitor. */
  static StatusMessage invocation(NotificationConfig cfg, Invocation inv, long nowMillis) {
    Command c = inv.command;
    return new StatusMessage(
        cfg.topicArn(),
        c.id,
        c.document.name(),
        inv.instance.id(),
        null,
        c.requested,
        null,
        null,
        null,
        inv.status(),
        Instant.ofEpochMilli(nowMillis));
  }

  /** Caller holds the command's monitor. */
  static StatusMessage command(NotificationConfig cfg, Command c, long nowMillis) {
    return new StatusMessage(
        cfg.topicArn(),
        c.id,
        c.document.name(),
        null,
        c.request.instanceIds(),
        c.requested,
        c.expiresAfter(),
        c.request.outputS3BucketName(),
        c.request.outputS3KeyPrefix(),
        c.status,
        Instant.ofEpochMilli(nowMillis));
  }

  String toJson() {
    ObjectNode n = Json.object().put("commandId", commandId).put("documentName", documentName);
    if (instanceId != null) {
      n.put("instanceId", instanceId);
    } else {
      ArrayNode ids = n.putArray("instanceIds");
      instanceIds.forEach(ids::add);
    }
    n.put("requestedDateTime", timestamp(requested));
    if (instanceId == null) {
      n.put("expiresAfter", timestamp(expiresAfter))
          .put("outputS3BucketName", outputS3BucketName)
          .put("outputS3KeyPrefix", outputS3KeyPrefix);
    }
    n.put("status", status).put("eventTime", timestamp(eventTime));
    return n.toString();
  }

  /** {@code 2019-04-25T17:57:09.17Z}: milliseconds without trailing zeros. */
  static String timestamp(Instant t) {
    String s = MILLIS.format(t);
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end) + "Z";
  }
}
