package io.ssmflow.simulator.sns;

import static io.ssmflow.simulator.sns.SnsInput.isJsonArray;
import static io.ssmflow.simulator.sns.SnsInput.isNumber;
import static io.ssmflow.simulator.sns.SnsInput.utf8Length;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.http.QueryRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A message on its way in: read from a Publish (or batch entry) request, validated, accepted. */
record OutgoingMessage(
    String message,
    String subject,
    String structure,
    Map<String, MessageAttribute> attributes,
    String groupId,
    String deduplicationId) {
  static final int MAX_MESSAGE_BYTES = 262_144;
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,256}$");

  static OutgoingMessage parse(QueryRequest req) {
    String message = req.get("Message");
    if (message == null) {
      throw SnsErrors.missing("Message");
    }
    return new OutgoingMessage(
        message,
        req.get("Subject"),
        req.get("MessageStructure"),
        messageAttributes(req),
        req.get("MessageGroupId"),
        req.get("MessageDeduplicationId"));
  }

  private static Map<String, MessageAttribute> messageAttributes(QueryRequest req) {
    Map<String, MessageAttribute> out = new LinkedHashMap<>();
    for (QueryRequest e : req.structList("MessageAttributes.entry")) {
      String name = e.get("Name");
      if (name == null || name.isEmpty()) {
        throw SnsErrors.parameterValueInvalid("The message attribute name must not be empty.");
      }
      if (!ATTRIBUTE_NAME.matcher(name).matches()
          || name.startsWith(".")
          || name.endsWith(".")
          || name.contains("..")
          || name.toLowerCase().startsWith("aws.")
          || name.toLowerCase().startsWith("amazon.")) {
        throw SnsErrors.parameterValueInvalid(
            "Invalid attribute name: "
                + name
                + ". Attribute names may contain letters, digits,"
                + " '_', '-' and '.', must not start or end with '.', contain '..' or start"
                + " with 'AWS.' or 'Amazon.'");
      }
      String type = e.get("Value.DataType");
      if (type == null || type.isEmpty()) {
        throw SnsErrors.parameterValueInvalid(
            "The message attribute '" + name + "' must contain non-empty message attribute type.");
      }
      String base = type.split("\\.", 2)[0];
      if (!Set.of("String", "Number", "Binary").contains(base)) {
        throw SnsErrors.parameterValueInvalid(
            "The message attribute '"
                + name
                + "' has an"
                + " invalid message attribute type, the set of supported type prefixes is Binary,"
                + " Number, and String.");
      }
      String value =
          base.equals("Binary") ? e.get("Value.BinaryValue") : e.get("Value.StringValue");
      if (value == null || value.isEmpty()) {
        throw SnsErrors.parameterValueInvalid(
            "The message attribute '"
                + name
                + "' must"
                + " contain non-empty message attribute value for message attribute type '"
                + base
                + "'.");
      }
      if (base.equals("Number") && !isNumber(value)) {
        throw SnsErrors.parameterValueInvalid(
            "Could not cast message attribute '" + name + "' value to number.");
      }
      if (type.equals("String.Array") && !isJsonArray(value)) {
        throw SnsErrors.parameterValueInvalid(
            "The message attribute '"
                + name
                + "' with type 'String.Array' must be a JSON array of strings, numbers,"
                + " true, false or null.");
      }
      if (base.equals("Binary")) {
        try {
          Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException x) {
          throw SnsErrors.parameterValueInvalid(
              "The message attribute '" + name + "' has a BinaryValue that is not base64.");
        }
      }
      out.put(name, new MessageAttribute(type, value));
    }
    if (out.size() > 10) {
      throw SnsErrors.parameterValueInvalid(
          "Number of message attributes [" + out.size() + "] exceeds the allowed maximum [10].");
    }
    return out;
  }

  /** Validates this message for {@code topic} (null for a phone number), as Publish does. */
  void validate(Topic topic) {
    OutgoingMessage msg = this;
    if (msg.message().isEmpty()) {
      throw SnsErrors.invalidParameter("Invalid parameter: Empty message");
    }
    long size = utf8Length(msg.message());
    for (Map.Entry<String, MessageAttribute> a : msg.attributes().entrySet()) {
      size +=
          utf8Length(a.getKey())
              + utf8Length(a.getValue().dataType())
              + utf8Length(a.getValue().value());
    }
    if (size > MAX_MESSAGE_BYTES) {
      throw SnsErrors.invalidParameter("Invalid parameter: Message too long");
    }
    String subject = msg.subject();
    if (subject != null
        && (subject.isEmpty()
            || subject.length() > 100
            || subject.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
            || !Character.isLetterOrDigit(subject.charAt(0))
                && !isPunctuation(subject.charAt(0)))) {
      throw SnsErrors.invalidParameter("Invalid parameter: Subject");
    }
    if (msg.structure() != null) {
      if (!msg.structure().equals("json")) {
        throw SnsErrors.invalidParameter("Invalid parameter: MessageStructure");
      }
      JsonNode parsed;
      try {
        parsed = Json.MAPPER.readTree(msg.message());
      } catch (IOException e) {
        parsed = null;
      }
      if (parsed == null || !parsed.isObject()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: Message Structure - JSON message body failed to parse");
      }
      if (!parsed.hasNonNull("default")) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: Message Structure - No default entry in JSON message body");
      }
      parsed
          .properties()
          .forEach(
              e -> {
                if (!e.getValue().isTextual()) {
                  throw SnsErrors.invalidParameter(
                      "Invalid parameter: Message Structure - the value"
                          + " for "
                          + e.getKey()
                          + " must be a string");
                }
              });
    }
    if (topic == null) {
      return;
    }
    if (topic.fifo()) {
      if (msg.groupId() == null || msg.groupId().isEmpty()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
      }
      if (msg.deduplicationId() == null && !topic.contentBasedDeduplication()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: The topic should either have"
                + " ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
      }
    } else if (msg.deduplicationId() != null) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: MessageDeduplicationId Reason: The"
              + " request includes MessageDeduplicationId parameter that is not valid for this topic"
              + " type");
    }
  }

  private static boolean isPunctuation(char c) {
    return c > 0x20 && c < 0x7f && !Character.isLetterOrDigit(c);
  }
}
