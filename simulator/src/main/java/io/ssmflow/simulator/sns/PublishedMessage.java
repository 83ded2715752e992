package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.http.XmlWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A message accepted by Publish, kept for the admin API with what happened to each copy. */
record PublishedMessage(
    String id,
    String topicArn,
    String subject,
    String message,
    String messageStructure,
    Map<String, MessageAttribute> attributes,
    Instant timestamp,
    String messageGroupId,
    String deduplicationId,
    String sequenceNumber,
    List<Delivery> deliveries) {

  PublishedMessage {
    attributes = Map.copyOf(attributes);
    deliveries = new CopyOnWriteArrayList<>(deliveries);
  }

  ObjectNode toJson() {
    ObjectNode n =
        Json.object()
            .put("id", id)
            .put("topicArn", topicArn)
            .put("subject", subject)
            .put("message", message)
            .put("timestamp", XmlWriter.iso(timestamp));
    if (messageStructure != null) {
      n.put("messageStructure", messageStructure);
    }
    ObjectNode attrs = n.putObject("attributes");
    attributes.forEach(
        (k, v) -> attrs.putObject(k).put("Type", v.dataType()).put("Value", v.value()));
    if (messageGroupId != null) {
      n.put("messageGroupId", messageGroupId);
    }
    if (deduplicationId != null) {
      n.put("messageDeduplicationId", deduplicationId);
    }
    if (sequenceNumber != null) {
      n.put("sequenceNumber", sequenceNumber);
    }
    ArrayNode d = n.putArray("deliveries");
    deliveries.forEach(x -> d.add(x.toJson()));
    return n;
  }
}
