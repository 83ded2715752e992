package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The signed JSON documents SNS sends to HTTP/HTTPS endpoints (Notification and
 * SubscriptionConfirmation), and their delivery.
 */
final class Notifications implements AutoCloseable {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final SnsState state;
  private final MessageSigner signer = new MessageSigner();
  private final HttpDelivery http = new HttpDelivery();
  private volatile URI endpoint = URI.create("http://127.0.0.1:4566");

  Notifications(SnsState state) {
    this.state = state;
  }

  /** The simulator's own base URL, used in the URLs of notifications. */
  void endpoint(URI endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
  }

  String publicKeyPem() {
    return signer.publicKeyPem();
  }

  /** Posts {@code body} to {@code target} in the background, recording the outcome in {@code d}. */
  void post(URI target, Map<String, String> headers, String body, Delivery d) {
    http.post(target, headers, body, d, null);
  }

  /** With MessageStructure json, the protocol's own entry, else "default". */
  static String forProtocol(OutgoingMessage msg, String protocol) {
    if (!"json".equals(msg.structure())) {
      return msg.message();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(msg.message());
      JsonNode own = n.get(protocol);
      return own != null && own.isTextual() ? own.asText() : n.get("default").asText();
    } catch (IOException e) {
      throw new IllegalStateException("validated JSON no longer parses", e);
    }
  }

  ObjectNode notification(
      String id,
      Topic topic,
      Subscription s,
      String subject,
      String message,
      Map<String, MessageAttribute> attributes,
      Instant now) {
    String timestamp = TIMESTAMP.format(now);
    String canonical =
        "Message\n"
            + message
            + "\nMessageId\n"
            + id
            + "\n"
            + (subject != null ? "Subject\n" + subject + "\n" : "")
            + "Timestamp\n"
            + timestamp
            + "\nTopicArn\n"
            + topic.arn()
            + "\nType\nNotification\n";
    ObjectNode n =
        Json.object().put("Type", "Notification").put("MessageId", id).put("TopicArn", topic.arn());
    if (subject != null) {
      n.put("Subject", subject);
    }
    n.put("Message", message)
        .put("Timestamp", timestamp)
        .put("SignatureVersion", topic.signatureVersion())
        .put("Signature", signer.sign(canonical, topic.signatureVersion()))
        .put("SigningCertURL", endpointUrl("/_sim/sns/signing-key"))
        .put(
            "UnsubscribeURL",
            endpointUrl("/?Action=Unsubscribe&SubscriptionArn=" + encode(s.arn())));
    if (!attributes.isEmpty()) {
      ObjectNode attrs = n.putObject("MessageAttributes");
      attributes.forEach(
          (k, v) -> attrs.putObject(k).put("Type", v.dataType()).put("Value", v.value()));
    }
    return n;
  }

  void sendConfirmation(Subscription s, URI target) {
    Topic topic;
    synchronized (state.lock) {
      topic = state.topics.get(s.topicArn());
    }
    if (topic == null) {
      return;
    }
    String id = Ids.uuid();
    String timestamp = TIMESTAMP.format(Instant.now());
    String message =
        "You have chosen to subscribe to the topic "
            + topic.arn()
            + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
    String subscribeUrl =
        endpointUrl(
            "/?Action=ConfirmSubscription&TopicArn=" + encode(topic.arn()) + "&Token=" + s.token());
    String canonical =
        "Message\n"
            + message
            + "\nMessageId\n"
            + id
            + "\nSubscribeURL\n"
            + subscribeUrl
            + "\nTimestamp\n"
            + timestamp
            + "\nToken\n"
            + s.token()
            + "\nTopicArn\n"
            + topic.arn()
            + "\nType\nSubscriptionConfirmation\n";
    ObjectNode body =
        Json.object()
            .put("Type", "SubscriptionConfirmation")
            .put("MessageId", id)
            .put("Token", s.token())
            .put("TopicArn", topic.arn())
            .put("Message", message)
            .put("SubscribeURL", subscribeUrl)
            .put("Timestamp", timestamp)
            .put("SignatureVersion", topic.signatureVersion())
            .put("Signature", signer.sign(canonical, topic.signatureVersion()))
            .put("SigningCertURL", endpointUrl("/_sim/sns/signing-key"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-sns-message-type", "SubscriptionConfirmation");
    headers.put("x-amz-sns-message-id", id);
    headers.put("x-amz-sns-topic-arn", topic.arn());
    headers.put("Content-Type", "text/plain; charset=UTF-8");
    headers.put("User-Agent", "Amazon Simple Notification Service Agent");
    Delivery d = Delivery.pending(s);
    s.confirmation(d);
    // Simulator convenience: an endpoint that answers the confirmation with 2xx is confirmed,
    // without having to visit the SubscribeURL.
    http.post(
        target,
        headers,
        body.toString(),
        d,
        () -> s.confirm("endpoint answered the SubscriptionConfirmation with 2xx"));
  }

  private String endpointUrl(String pathAndQuery) {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
