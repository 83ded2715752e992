package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import java.time.Instant;

/**
 * One attempt to hand a message to one subscription. HTTP/HTTPS deliveries move from pending to
 * delivered or failed as the asynchronous sender reports; other protocols are only recorded.
 */
final class Delivery {
  enum Status {
    PENDING,
    DELIVERED,
    FAILED,
    RECORDED
  }

  private final String subscriptionArn;
  private final String protocol;
  private final String endpoint;
  private Status status;
  private int attempts;
  private Integer httpStatus;
  private String error;
  private Instant finishedAt;

  Delivery(String subscriptionArn, String protocol, String endpoint, Status status, String note) {
    this.subscriptionArn = subscriptionArn;
    this.protocol = protocol;
    this.endpoint = endpoint;
    this.status = status;
    this.error = note;
  }

  static Delivery recorded(Subscription s, String note) {
    return new Delivery(s.arn(), s.protocol(), s.endpoint(), Status.RECORDED, note);
  }

  static Delivery pending(Subscription s) {
    return new Delivery(s.arn(), s.protocol(), s.endpoint(), Status.PENDING, null);
  }

  synchronized void attempted(Integer status, String failure) {
    attempts++;
    httpStatus = status;
    error = failure;
  }

  synchronized void finish(boolean delivered) {
    status = delivered ? Status.DELIVERED : Status.FAILED;
    finishedAt = Instant.now();
  }

  synchronized Status status() {
    return status;
  }

  synchronized ObjectNode toJson() {
    ObjectNode n =
        Json.object()
            .put("subscriptionArn", subscriptionArn)
            .put("protocol", protocol)
            .put("endpoint", endpoint)
            .put("status", status.name().toLowerCase())
            .put("attempts", attempts);
    if (httpStatus != null) {
      n.put("httpStatus", httpStatus);
    }
    if (error != null) {
      n.put(status == Status.RECORDED ? "note" : "error", error);
    }
    if (finishedAt != null) {
      n.put("finishedAt", finishedAt.toString());
    }
    return n;
  }
}
