package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.http.XmlWriter;
import io.ssmflow.simulator.sns.SnsPaging.Page;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** SNS answers: the XML members of attribute and subscription lists, and the admin JSON. */
final class SnsViews {
  static final String EFFECTIVE_DELIVERY_POLICY =
      "{\"http\":{\"defaultHealthyRetryPolicy"
          + "\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\""
          + ":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},"
          + "\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":"
          + "\"text/plain; charset=UTF-8\"}}}";

  private SnsViews() {}

  static void writeAttributes(XmlWriter out, Map<String, String> attrs) {
    out.start("Attributes");
    attrs.forEach((k, v) -> out.start("entry").leaf("key", k).leaf("value", v).end());
    out.end();
  }

  static void writeSubscriptions(XmlWriter out, Page<Subscription> page) {
    out.start("Subscriptions");
    for (Subscription s : page.items()) {
      out.start("member")
          .leaf("SubscriptionArn", s.confirmed() ? s.arn() : "PendingConfirmation")
          .leaf("Owner", s.owner())
          .leaf("Protocol", s.protocol())
          .leaf("Endpoint", s.endpoint())
          .leaf("TopicArn", s.topicArn())
          .end();
    }
    out.end();
    out.leaf("NextToken", page.nextToken());
  }

  /** {@code GET /_sim/sns/messages[?topic=ARN or name]}: published messages, oldest first. */
  static JsonNode messages(SnsState state, AdminRequest r) {
    String topic = r.query("topic", null);
    List<PublishedMessage> found = new ArrayList<>();
    synchronized (state.lock) {
      for (Map.Entry<String, Deque<PublishedMessage>> e : state.messages.entrySet()) {
        String arn = e.getKey();
        if (topic == null
            || arn.equals(topic)
            || arn.substring(arn.lastIndexOf(':') + 1).equals(topic)) {
          found.addAll(e.getValue());
        }
      }
    }
    found.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
    ObjectNode out = Json.object().put("count", found.size());
    ArrayNode list = out.putArray("messages");
    found.forEach(m -> list.add(m.toJson()));
    return out;
  }

  static JsonNode topics(SnsState state) {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("topics");
    synchronized (state.lock) {
      for (Topic t : state.topics.values()) {
        ObjectNode n =
            list.addObject()
                .put("arn", t.arn())
                .put("name", t.name())
                .put("fifo", t.fifo())
                .put("created", t.created().toString())
                .put("messages", state.messages.getOrDefault(t.arn(), new ArrayDeque<>()).size());
        ArrayNode subs = n.putArray("subscriptions");
        for (Subscription s : state.subscriptions.values()) {
          if (!s.topicArn().equals(t.arn())) {
            continue;
          }
          ObjectNode sn =
              subs.addObject()
                  .put("arn", s.arn())
                  .put("protocol", s.protocol())
                  .put("endpoint", s.endpoint())
                  .put("confirmed", s.confirmed());
          if (s.confirmedBy() != null) {
            sn.put("confirmedBy", s.confirmedBy());
          }
          if (s.confirmation() != null) {
            sn.set("confirmationDelivery", s.confirmation().toJson());
          }
        }
      }
    }
    return out;
  }
}
