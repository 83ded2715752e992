package io.ssmflow.simulator.sns;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A subscription of an endpoint to a topic. HTTP/HTTPS and email subscriptions start pending
 * confirmation; the others are confirmed at once, as AWS does for same-account SQS and Lambda.
 */
final class Subscription {
  private final String arn;
  private final String topicArn;
  private final String protocol;
  private final String endpoint;
  private final String owner;
  private final String token;
  private final long seq;
  private volatile boolean confirmed;
  private volatile String confirmedBy;
  private volatile FilterPolicy filter;
  private volatile Delivery confirmation;

  /** Settable attributes (RawMessageDelivery, FilterPolicy...), guarded by the state lock. */
  final Map<String, String> attributes = Collections.synchronizedMap(new LinkedHashMap<>());

  Subscription(
      String arn,
      String topicArn,
      String protocol,
      String endpoint,
      String owner,
      String token,
      long seq,
      boolean confirmed) {
    this.arn = arn;
    this.topicArn = topicArn;
    this.protocol = protocol;
    this.endpoint = endpoint;
    this.owner = owner;
    this.token = token;
    this.seq = seq;
    this.confirmed = confirmed;
    this.confirmedBy = confirmed ? "automatic" : null;
  }

  String arn() {
    return arn;
  }

  String topicArn() {
    return topicArn;
  }

  String protocol() {
    return protocol;
  }

  String endpoint() {
    return endpoint;
  }

  String owner() {
    return owner;
  }

  String token() {
    return token;
  }

  long seq() {
    return seq;
  }

  boolean confirmed() {
    return confirmed;
  }

  String confirmedBy() {
    return confirmedBy;
  }

  void confirm(String how) {
    if (!confirmed) {
      confirmedBy = how;
      confirmed = true;
    }
  }

  boolean http() {
    return protocol.equals("http") || protocol.equals("https");
  }

  boolean rawDelivery() {
    return Boolean.parseBoolean(attributes.getOrDefault("RawMessageDelivery", "false"));
  }

  FilterPolicy filter() {
    return filter;
  }

  void filter(FilterPolicy policy) {
    this.filter = policy;
  }

  Delivery confirmation() {
    return confirmation;
  }

  void confirmation(Delivery delivery) {
    this.confirmation = delivery;
  }
}
