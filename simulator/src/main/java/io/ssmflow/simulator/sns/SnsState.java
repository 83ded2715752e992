package io.ssmflow.simulator.sns;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SNS model: topics, subscriptions, stored messages and FIFO deduplication, all guarded by
 * {@link #lock}. Operations lock it, read or change the maps, and release it before any delivery.
 */
final class SnsState {
  static final int MAX_MESSAGES_PER_TOPIC = 10_000;

  final Object lock = new Object();
  final Map<String, Topic> topics = new TreeMap<>();
  final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  final Map<String, Deque<PublishedMessage>> messages = new HashMap<>();

  /** FIFO deduplication: topic ARN -> deduplication id -> the message first published. */
  final Map<String, Map<String, PublishedMessage>> deduplication = new HashMap<>();

  long subscriptionSeq;
  private final SecureRandom random = new SecureRandom();

  /** The topic for an ARN; the caller holds the lock. */
  Topic topic(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      throw SnsErrors.invalidParameter("Invalid parameter: TopicArn");
    }
    Topic t = topics.get(arn);
    if (t == null) {
      throw SnsErrors.topicNotFound();
    }
    return t;
  }

  /** The subscription for an ARN; the caller holds the lock. */
  Subscription subscription(String arn) {
    if (arn == null) {
      throw SnsErrors.missing("SubscriptionArn");
    }
    Subscription s = subscriptions.get(arn);
    if (s == null) {
      throw SnsErrors.notFound("Subscription does not exist");
    }
    return s;
  }

  /** Keeps a published message, dropping the topic's oldest beyond the cap; caller holds lock. */
  void store(PublishedMessage pm) {
    Deque<PublishedMessage> q = messages.computeIfAbsent(pm.topicArn(), k -> new ArrayDeque<>());
    q.addLast(pm);
    while (q.size() > MAX_MESSAGES_PER_TOPIC) {
      q.removeFirst();
    }
  }

  /** A fresh confirmation token. */
  String token() {
    byte[] b = new byte[64];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  int clearMessages() {
    synchronized (lock) {
      int n = messages.values().stream().mapToInt(Deque::size).sum();
      messages.clear();
      return n;
    }
  }

  void clear() {
    synchronized (lock) {
      topics.clear();
      subscriptions.clear();
      messages.clear();
      deduplication.clear();
    }
  }
}
