package io.ssmflow.simulator.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;

/** CreateTopic, ListTopics, Get/SetTopicAttributes, DeleteTopic and tagging through SDK v2. */
class SnsTopicsTest {
  private static TestSimulator sim;
  private static SnsClient sns;

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
  }

  @Test
  void createIsIdempotentAndChecksAttributes() {
    String arn =
        sns.createTopic(
                r ->
                    r.name("deploys")
                        .attributes(Map.of("DisplayName", "Deploys"))
                        .tags(Tag.builder().key("team").value("ops").build()))
            .topicArn();
    assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:123456789012:deploys");
    assertThat(sns.createTopic(r -> r.name("deploys")).topicArn()).isEqualTo(arn);
    assertThat(
            sns.createTopic(r -> r.name("deploys").attributes(Map.of("DisplayName", "Deploys")))
                .topicArn())
        .isEqualTo(arn);
    assertThatThrownBy(
            () ->
                sns.createTopic(r -> r.name("deploys").attributes(Map.of("DisplayName", "Other"))))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter");
              assertThat(e.getMessage()).contains("already exists with different attributes");
            });
    assertThatThrownBy(
            () ->
                sns.createTopic(
                    r -> r.name("deploys").tags(Tag.builder().key("team").value("dev").build())))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("different tags");
    assertThat(sns.listTopics().topics()).extracting(Topic::topicArn).containsExactly(arn);
  }

  @Test
  void nameRules() {
    assertThatThrownBy(() -> sns.createTopic(r -> r.name("has space")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Invalid parameter: Topic Name");
    assertThatThrownBy(() -> sns.createTopic(r -> r.name("x".repeat(257))))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> sns.createTopic(r -> r.name("plain.fifo")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () -> sns.createTopic(r -> r.name("orders").attributes(Map.of("FifoTopic", "true"))))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Fifo Topic names must end with .fifo");
    assertThatThrownBy(() -> sns.createTopic(r -> r.name("t").attributes(Map.of("Colour", "blue"))))
        .isInstanceOf(InvalidParameterException.class);
    String fifo =
        sns.createTopic(
                r ->
                    r.name("orders.fifo")
                        .attributes(
                            Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true")))
            .topicArn();
    Map<String, String> attrs = sns.getTopicAttributes(r -> r.topicArn(fifo)).attributes();
    assertThat(attrs)
        .containsEntry("FifoTopic", "true")
        .containsEntry("ContentBasedDeduplication", "true");
    assertThat(sns.createTopic(r -> r.name("A_b-9".repeat(51) + "x")).topicArn()).endsWith("x");
  }

  @Test
  void listTopicsPages() {
    for (int i = 0; i < 105; i++) {
      int n = i;
      sns.createTopic(r -> r.name(String.format("topic-%03d", n)));
    }
    ListTopicsResponse first = sns.listTopics();
    assertThat(first.topics()).hasSize(100);
    assertThat(first.nextToken()).isNotNull();
    ListTopicsResponse second = sns.listTopics(r -> r.nextToken(first.nextToken()));
    assertThat(second.topics()).hasSize(5);
    assertThat(second.nextToken()).isNull();
    assertThat(sns.listTopicsPaginator().topics().stream().count()).isEqualTo(105);
    assertThatThrownBy(() -> sns.listTopics(r -> r.nextToken("nonsense")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void attributesReadAndWrite() {
    String arn = sns.createTopic(r -> r.name("alerts")).topicArn();
    Map<String, String> attrs = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
    assertThat(attrs)
        .containsEntry("TopicArn", arn)
        .containsEntry("Owner", "123456789012")
        .containsEntry("DisplayName", "")
        .containsEntry("SubscriptionsConfirmed", "0")
        .containsEntry("SubscriptionsPending", "0")
        .containsEntry("SubscriptionsDeleted", "0")
        .containsKeys("Policy", "EffectiveDeliveryPolicy");
    assertThat(attrs.get("Policy")).contains("\"Resource\":\"" + arn + "\"");

    sns.setTopicAttributes(
        r -> r.topicArn(arn).attributeName("DisplayName").attributeValue("Alerts"));
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    sns.setTopicAttributes(r -> r.topicArn(arn).attributeName("Policy").attributeValue(policy));
    sns.subscribe(
        r -> r.topicArn(arn).protocol("sqs").endpoint("arn:aws:sqs:us-east-1:123456789012:q"));
    sns.subscribe(r -> r.topicArn(arn).protocol("email").endpoint("ops@example.com"));
    attrs = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
    assertThat(attrs)
        .containsEntry("DisplayName", "Alerts")
        .containsEntry("Policy", policy)
        .containsEntry("SubscriptionsConfirmed", "1")
        .containsEntry("SubscriptionsPending", "1");

    assertThatThrownBy(
            () ->
                sns.setTopicAttributes(
                    r -> r.topicArn(arn).attributeName("Nonsense").attributeValue("x")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Invalid parameter: AttributeName"));
    assertThatThrownBy(
            () ->
                sns.setTopicAttributes(
                    r -> r.topicArn(arn).attributeName("Policy").attributeValue("{oops")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () ->
                sns.setTopicAttributes(
                    r ->
                        r.topicArn(arn)
                            .attributeName("ContentBasedDeduplication")
                            .attributeValue("true")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> sns.getTopicAttributes(r -> r.topicArn(arn + "-gone")))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFound");
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist");
              assertThat(e.statusCode()).isEqualTo(404);
            });
    assertThatThrownBy(() -> sns.getTopicAttributes(r -> r.topicArn("not-an-arn")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void deleteTopicRemovesSubscriptionsAndIsIdempotent() {
    String arn = sns.createTopic(r -> r.name("gone")).topicArn();
    sns.subscribe(
        r -> r.topicArn(arn).protocol("sqs").endpoint("arn:aws:sqs:us-east-1:123456789012:q"));
    sns.deleteTopic(r -> r.topicArn(arn));
    sns.deleteTopic(r -> r.topicArn(arn));
    assertThat(sns.listTopics().topics()).isEmpty();
    assertThat(sns.listSubscriptions().subscriptions()).isEmpty();
    assertThatThrownBy(() -> sns.publish(r -> r.topicArn(arn).message("x")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tags() {
    String arn = sns.createTopic(r -> r.name("tagged")).topicArn();
    sns.tagResource(
        r ->
            r.resourceArn(arn)
                .tags(
                    Tag.builder().key("a").value("1").build(),
                    Tag.builder().key("b").value("2").build()));
    sns.untagResource(r -> r.resourceArn(arn).tagKeys("a"));
    List<Tag> tags = sns.listTagsForResource(r -> r.resourceArn(arn)).tags();
    assertThat(tags)
        .extracting(Tag::key, Tag::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "2"));
    assertThatThrownBy(() -> sns.listTagsForResource(r -> r.resourceArn(arn + "x")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound"));
  }
}
