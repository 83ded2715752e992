package io.ssmflow.simulator.sns;

import static io.ssmflow.simulator.sns.SnsInput.requiredTopicArn;
import static io.ssmflow.simulator.sns.SnsInput.utf8Length;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Publish and PublishBatch: a message is validated, recorded (FIFO topics deduplicate within five
 * minutes) and handed to each confirmed subscription; HTTP deliveries start after the lock.
 */
final class PublishOperations {
  private static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);
  private static final Pattern BATCH_ID = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");

  private final SnsState state;
  private final Notifications notifications;

  PublishOperations(SnsState state, Notifications notifications) {
    this.state = state;
    this.notifications = notifications;
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("Publish", this::publish);
    ops.put("PublishBatch", this::publishBatch);
  }

  /** Publishes to a topic the way the Publish action does; answers the message id. */
  String publish(String topicArn, String subject, String message) {
    Topic topic;
    synchronized (state.lock) {
      topic = state.topic(topicArn);
    }
    OutgoingMessage out = new OutgoingMessage(message, subject, null, Map.of(), null, null);
    out.validate(topic);
    return accept(topic, out).id();
  }

  private void publish(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String topicArn = req.get("TopicArn");
    String targetArn = req.get("TargetArn");
    String phone = req.get("PhoneNumber");
    int targets =
        (topicArn != null ? 1 : 0) + (targetArn != null ? 1 : 0) + (phone != null ? 1 : 0);
    if (targets == 0) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
    }
    if (targets > 1) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: TopicArn or TargetArn Reason: Only"
              + " one of TopicArn, TargetArn or PhoneNumber may be specified");
    }
    OutgoingMessage msg = OutgoingMessage.parse(req);
    if (phone != null) {
      if (!SnsInput.E164.matcher(phone).matches()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: PhoneNumber Reason: " + phone + " is not valid to publish to");
      }
      msg.validate(null);
      PublishedMessage pm =
          new PublishedMessage(
              Ids.uuid(),
              "phone:" + phone,
              msg.subject(),
              msg.message(),
              msg.structure(),
              msg.attributes(),
              Instant.now(),
              null,
              null,
              null,
              List.of());
      synchronized (state.lock) {
        state.store(pm);
      }
      out.leaf("MessageId", pm.id());
      return;
    }
    String arn = topicArn != null ? topicArn : targetArn;
    String member = topicArn != null ? "TopicArn" : "TargetArn";
    if (!arn.startsWith("arn:")) {
      throw SnsErrors.invalidParameter("Invalid parameter: " + member);
    }
    if (targetArn != null && targetArn.contains(":endpoint/")) {
      throw SnsErrors.notFound("Endpoint does not exist");
    }
    Topic topic;
    synchronized (state.lock) {
      topic = state.topic(arn);
    }
    msg.validate(topic);
    PublishedMessage pm = accept(topic, msg);
    out.leaf("MessageId", pm.id());
    out.leaf("SequenceNumber", pm.sequenceNumber());
  }

  private void publishBatch(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    List<QueryRequest> entries = req.structList("PublishBatchRequestEntries.member");
    if (entries.isEmpty()) {
      throw new AwsException("EmptyBatchRequest", "The batch request doesn't contain any entries.");
    }
    if (entries.size() > 10) {
      throw new AwsException(
          "TooManyEntriesInBatchRequest",
          "The batch request contains more entries than permissible.");
    }
    Set<String> ids = new HashSet<>();
    long totalBytes = 0;
    for (QueryRequest e : entries) {
      String id = e.get("Id");
      if (id == null || !BATCH_ID.matcher(id).matches()) {
        throw new AwsException(
            "InvalidBatchEntryId",
            "The Id of a batch entry in a batch request doesn't abide by the specification.");
      }
      if (!ids.add(id)) {
        throw new AwsException(
            "BatchEntryIdsNotDistinct",
            "Two or more batch entries in the request have the same Id.");
      }
      totalBytes += utf8Length(e.get("Message", ""));
    }
    if (totalBytes > OutgoingMessage.MAX_MESSAGE_BYTES) {
      throw new AwsException(
          "BatchRequestTooLong",
          "The length of all the messages put together is more than the limit.");
    }
    Topic topic;
    synchronized (state.lock) {
      topic = state.topic(arn);
    }
    out.start("Successful");
    List<String[]> failed = new ArrayList<>();
    for (QueryRequest e : entries) {
      try {
        OutgoingMessage msg = OutgoingMessage.parse(e);
        msg.validate(topic);
        PublishedMessage pm = accept(topic, msg);
        out.start("member")
            .leaf("Id", e.get("Id"))
            .leaf("MessageId", pm.id())
            .leaf("SequenceNumber", pm.sequenceNumber())
            .end();
      } catch (AwsException x) {
        failed.add(new String[] {e.get("Id"), x.code(), x.getMessage()});
      }
    }
    out.end();
    out.start("Failed");
    for (String[] f : failed) {
      out.start("member")
          .leaf("Id", f[0])
          .leaf("Code", f[1])
          .leaf("Message", f[2])
          .leaf("SenderFault", true)
          .end();
    }
    out.end();
  }

  /** Records the message and starts its deliveries; never waits for an endpoint. */
  private PublishedMessage accept(Topic topic, OutgoingMessage msg) {
    Instant now = Instant.now();
    PublishedMessage pm;
    List<Runnable> sends = new ArrayList<>();
    synchronized (state.lock) {
      String sequence = null;
      String dedupId = null;
      if (topic.fifo()) {
        dedupId = msg.deduplicationId() != null ? msg.deduplicationId() : sha256Hex(msg.message());
        Map<String, PublishedMessage> seen =
            state.deduplication.computeIfAbsent(topic.arn(), k -> new HashMap<>());
        seen.values().removeIf(p -> p.timestamp().isBefore(now.minus(DEDUPLICATION_WINDOW)));
        PublishedMessage earlier = seen.get(dedupId);
        if (earlier != null) {
          // A duplicate within five minutes is accepted but not delivered again.
          return earlier;
        }
        sequence = String.format("%020d", ++topic.sequence);
      }
      List<Subscription> subs =
          state.subscriptions.values().stream()
              .filter(s -> s.topicArn().equals(topic.arn()))
              .toList();
      String id = Ids.uuid();
      List<Delivery> deliveries = new ArrayList<>();
      for (Subscription s : subs) {
        Delivery d = plan(s, msg, id, topic, now, sends);
        if (d != null) {
          deliveries.add(d);
        }
      }
      pm =
          new PublishedMessage(
              id,
              topic.arn(),
              msg.subject(),
              msg.message(),
              msg.structure(),
              msg.attributes(),
              now,
              msg.groupId(),
              dedupId,
              sequence,
              deliveries);
      if (dedupId != null) {
        state.deduplication.get(topic.arn()).put(dedupId, pm);
      }
      state.store(pm);
    }
    sends.forEach(Runnable::run);
    return pm;
  }

  private Delivery plan(
      Subscription s,
      OutgoingMessage msg,
      String id,
      Topic topic,
      Instant now,
      List<Runnable> sends) {
    if (!s.confirmed()) {
      return Delivery.recorded(s, "not delivered: the subscription is pending confirmation");
    }
    FilterPolicy filter = s.filter();
    if (filter != null && !filter.matches(msg.attributes(), msg.message())) {
      return Delivery.recorded(
          s, "not delivered: filtered out by the subscription's" + " filter policy");
    }
    if (!s.http()) {
      return Delivery.recorded(
          s, "recorded only: the simulator does not deliver to " + s.protocol() + " endpoints");
    }
    String text = Notifications.forProtocol(msg, s.protocol());
    Delivery d = Delivery.pending(s);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-sns-message-type", "Notification");
    headers.put("x-amz-sns-message-id", id);
    headers.put("x-amz-sns-topic-arn", topic.arn());
    headers.put("x-amz-sns-subscription-arn", s.arn());
    headers.put("Content-Type", "text/plain; charset=UTF-8");
    headers.put("User-Agent", "Amazon Simple Notification Service Agent");
    boolean raw = s.rawDelivery();
    if (raw) {
      headers.put("x-amz-sns-rawdelivery", "true");
    }
    URI target = URI.create(s.endpoint());
    // Signing happens after the lock is released.
    sends.add(
        () ->
            notifications.post(
                target,
                headers,
                raw
                    ? text
                    : notifications
                        .notification(id, topic, s, msg.subject(), text, msg.attributes(), now)
                        .toString(),
                d));
    return d;
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
