package io.ssmflow.simulator.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

/** Subscribe, endpoint rules, listing, Unsubscribe and subscription attributes. */
class SnsSubscriptionsTest {
  private static TestSimulator sim;
  private static SnsClient sns;
  private String topic;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    sns = sim.sns();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.admin("POST", "/_sim/reset");
    topic = sns.createTopic(r -> r.name("alerts")).topicArn();
  }

  private String subscribe(String protocol, String endpoint) {
    return sns.subscribe(r -> r.topicArn(topic).protocol(protocol).endpoint(endpoint))
        .subscriptionArn();
  }

  @Test
  void protocolsAndEndpoints() {
    assertThat(subscribe("sqs", "arn:aws:sqs:us-east-1:123456789012:queue"))
        .startsWith(topic + ":");
    assertThat(subscribe("lambda", "arn:aws:lambda:us-east-1:123456789012:function:f"))
        .startsWith(topic + ":");
    assertThat(subscribe("sms", "+15555550100")).startsWith(topic + ":");
    assertThat(subscribe("email", "ops@example.com")).isEqualTo("pending confirmation");
    assertThat(
            sns.subscribe(
                    r ->
                        r.topicArn(topic)
                            .protocol("email-json")
                            .endpoint("dev@example.com")
                            .returnSubscriptionArn(true))
                .subscriptionArn())
        .startsWith(topic + ":");
    // The same endpoint again is the same subscription.
    String sqs = subscribe("sqs", "arn:aws:sqs:us-east-1:123456789012:queue");
    assertThat(subscribe("sqs", "arn:aws:sqs:us-east-1:123456789012:queue")).isEqualTo(sqs);

    assertThatThrownBy(() -> subscribe("http", "http://example.com/hook"))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("not a loopback address"));
    assertThatThrownBy(() -> subscribe("http", "http://10.1.2.3:8080/hook"))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> subscribe("http", "http://999.0.0.1/hook"))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> subscribe("https", "http://127.0.0.1/hook"))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("must match the specified protocol");
    assertThatThrownBy(() -> subscribe("email", "not-an-address"))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Email address");
    assertThatThrownBy(() -> subscribe("sqs", "my-queue"))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("SQS endpoint ARN");
    assertThatThrownBy(() -> subscribe("sms", "call me"))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> subscribe("carrier-pigeon", "coop"))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("does not support this protocol string: carrier-pigeon");
    assertThatThrownBy(
            () ->
                sns.subscribe(
                    r ->
                        r.topicArn(topic + "-nope")
                            .protocol("sqs")
                            .endpoint("arn:aws:sqs:us-east-1:123456789012:queue")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void listingAndPaging() {
    for (int i = 0; i < 102; i++) {
      subscribe("sqs", "arn:aws:sqs:us-east-1:123456789012:q" + i);
    }
    subscribe("email", "pending@example.com");
    ListSubscriptionsByTopicResponse first = sns.listSubscriptionsByTopic(r -> r.topicArn(topic));
    assertThat(first.subscriptions()).hasSize(100);
    assertThat(first.subscriptions().get(0).endpoint())
        .isEqualTo("arn:aws:sqs:us-east-1:123456789012:q0");
    assertThat(first.nextToken()).isNotNull();
    ListSubscriptionsByTopicResponse second =
        sns.listSubscriptionsByTopic(r -> r.topicArn(topic).nextToken(first.nextToken()));
    assertThat(second.subscriptions()).hasSize(3);
    Subscription pending = second.subscriptions().get(2);
    assertThat(pending.subscriptionArn()).isEqualTo("PendingConfirmation");
    assertThat(pending.protocol()).isEqualTo("email");
    assertThat(pending.owner()).isEqualTo("123456789012");
    assertThat(pending.topicArn()).isEqualTo(topic);
    assertThat(sns.listSubscriptionsPaginator().subscriptions().stream().count()).isEqualTo(103);
    assertThatThrownBy(() -> sns.listSubscriptionsByTopic(r -> r.topicArn(topic + "x")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void unsubscribeAndAttributes() {
    String arn = subscribe("sqs", "arn:aws:sqs:us-east-1:123456789012:queue");
    Map<String, String> attrs =
        sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes();
    assertThat(attrs)
        .containsEntry("SubscriptionArn", arn)
        .containsEntry("TopicArn", topic)
        .containsEntry("Protocol", "sqs")
        .containsEntry("PendingConfirmation", "false")
        .containsEntry("RawMessageDelivery", "false");
    sns.setSubscriptionAttributes(
        r -> r.subscriptionArn(arn).attributeName("RawMessageDelivery").attributeValue("true"));
    sns.setSubscriptionAttributes(
        r ->
            r.subscriptionArn(arn)
                .attributeName("FilterPolicy")
                .attributeValue("{\"env\":[\"prod\"]}"));
    assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes())
        .containsEntry("RawMessageDelivery", "true")
        .containsEntry("FilterPolicy", "{\"env\":[\"prod\"]}");
    assertThatThrownBy(
            () ->
                sns.setSubscriptionAttributes(
                    r ->
                        r.subscriptionArn(arn)
                            .attributeName("FilterPolicy")
                            .attributeValue("[1,2]")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () ->
                sns.setSubscriptionAttributes(
                    r -> r.subscriptionArn(arn).attributeName("Color").attributeValue("red")))
        .isInstanceOf(InvalidParameterException.class);
    String email = subscribe("email", "a@example.com");
    assertThat(email).isEqualTo("pending confirmation");

    sns.unsubscribe(r -> r.subscriptionArn(arn));
    sns.unsubscribe(r -> r.subscriptionArn(arn));
    assertThat(sns.getTopicAttributes(r -> r.topicArn(topic)).attributes())
        .containsEntry("SubscriptionsDeleted", "1");
    assertThatThrownBy(() -> sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Subscription does not exist"));
    assertThatThrownBy(() -> sns.unsubscribe(r -> r.subscriptionArn("garbage")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> sns.confirmSubscription(r -> r.topicArn(topic).token("bad")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid token"));
  }
}
