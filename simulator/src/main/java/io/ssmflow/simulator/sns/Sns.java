package io.ssmflow.simulator.sns;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.QueryOperation;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * SNS over the AWS Query protocol: topics, subscriptions, Publish and PublishBatch. HTTP/HTTPS
 * subscriptions to loopback endpoints receive real, signed SNS notifications, delivered
 * asynchronously with retries; other protocols are recorded. Every published message is readable
 * through {@code GET /_sim/sns/messages}. Other services publish with {@link #publish}.
 *
 * <p>The model is {@link SnsState}; the operations are {@link TopicOperations}, {@link
 * SubscriptionOperations}, {@link PublishOperations} and {@link SnsTagOperations}; answers are
 * written by {@link SnsViews} and {@link Notifications}.
 */
public final class Sns implements AutoCloseable {
  private final SnsState state = new SnsState();
  private final Notifications notifications = new Notifications(state);
  private final PublishOperations publishing = new PublishOperations(state, notifications);
  private final Map<String, QueryOperation> operations;

  public Sns(Fleet fleet, AdminRoutes admin) {
    Objects.requireNonNull(fleet, "fleet is null");
    Map<String, QueryOperation> ops = new LinkedHashMap<>();
    new TopicOperations(state).register(ops);
    new SubscriptionOperations(state, notifications).register(ops);
    publishing.register(ops);
    new SnsTagOperations(state).register(ops);
    this.operations = Map.copyOf(ops);
    fleet.onReset(state::clear);
    admin.add("GET", "/_sim/sns/messages", r -> SnsViews.messages(state, r));
    admin.add(
        "DELETE", "/_sim/sns/messages", r -> Json.object().put("deleted", state.clearMessages()));
    admin.add("GET", "/_sim/sns/topics", r -> SnsViews.topics(state));
    admin.add(
        "GET",
        "/_sim/sns/signing-key",
        r -> Json.object().put("publicKeyPem", notifications.publicKeyPem()));
  }

  /**
   * The simulator's own base URL, used in the SubscribeURL, UnsubscribeURL and SigningCertURL of
   * notifications so that a receiver can call back.
   */
  public void endpoint(URI endpoint) {
    notifications.endpoint(endpoint);
  }

  public Map<String, QueryOperation> operations() {
    return operations;
  }

  /** Whether {@code topicArn} names an existing topic. */
  public boolean topicExists(String topicArn) {
    synchronized (state.lock) {
      return topicArn != null && state.topics.containsKey(topicArn);
    }
  }

  /**
   * Publishes {@code message} to a topic the way the Publish action does (deliveries included) and
   * answers the message id. Throws an {@link AwsException} (NotFound) for an unknown topic.
   */
  public String publish(String topicArn, String subject, String message) {
    return publishing.publish(topicArn, subject, message);
  }

  @Override
  public void close() {
    notifications.close();
  }
}
