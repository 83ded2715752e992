package io.ssmflow.simulator.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;

/** Publish, PublishBatch, the admin message log and the Java publish API. */
class SnsPublishTest {
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
    topic = sns.createTopic(r -> r.name("events")).topicArn();
  }

  private static MessageAttributeValue string(String v) {
    return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
  }

  @Test
  void publishedMessagesAreReadableThroughTheAdminApi() {
    PublishResponse r =
        sns.publish(
            p ->
                p.topicArn(topic)
                    .subject("Deploy done")
                    .message("v42 is live")
                    .messageAttributes(
                        Map.of(
                            "env",
                            string("prod"),
                            "count",
                            MessageAttributeValue.builder()
                                .dataType("Number")
                                .stringValue("3")
                                .build(),
                            "blob",
                            MessageAttributeValue.builder()
                                .dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("hi"))
                                .build())));
    assertThat(r.messageId()).matches("[0-9a-f-]{36}");
    sns.publish(p -> p.targetArn(topic).message("second"));

    JsonNode byName = sim.admin("GET", "/_sim/sns/messages?topic=events");
    assertThat(byName.get("count").asInt()).isEqualTo(2);
    JsonNode first = byName.get("messages").get(0);
    assertThat(first.get("id").asText()).isEqualTo(r.messageId());
    assertThat(first.get("topicArn").asText()).isEqualTo(topic);
    assertThat(first.get("subject").asText()).isEqualTo("Deploy done");
    assertThat(first.get("message").asText()).isEqualTo("v42 is live");
    assertThat(first.get("timestamp").asText()).endsWith("Z");
    assertThat(first.get("attributes").get("env").get("Value").asText()).isEqualTo("prod");
    assertThat(first.get("attributes").get("count").get("Type").asText()).isEqualTo("Number");
    assertThat(first.get("attributes").get("blob").get("Value").asText()).isEqualTo("aGk=");
    assertThat(sim.admin("GET", "/_sim/sns/messages?topic=" + topic).get("count").asInt())
        .isEqualTo(2);
    assertThat(sim.admin("GET", "/_sim/sns/messages?topic=other").get("count").asInt()).isZero();

    assertThat(sim.admin("DELETE", "/_sim/sns/messages").get("deleted").asInt()).isEqualTo(2);
    assertThat(sim.admin("GET", "/_sim/sns/messages").get("count").asInt()).isZero();
  }

  @Test
  void publishValidation() {
    assertThatThrownBy(() -> sns.publish(p -> p.topicArn(topic + "-missing").message("x")))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist"));
    assertThatThrownBy(() -> sns.publish(p -> p.message("x")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("TopicArn or TargetArn");
    assertThatThrownBy(() -> sns.publish(p -> p.topicArn(topic).message("")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Empty message");
    assertThatThrownBy(() -> sns.publish(p -> p.topicArn(topic).message("x".repeat(262_145))))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Message too long");
    sns.publish(p -> p.topicArn(topic).message("x".repeat(262_144)));
    assertThatThrownBy(
            () -> sns.publish(p -> p.topicArn(topic).message("x").subject("s".repeat(101))))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Subject");
    assertThatThrownBy(
            () -> sns.publish(p -> p.topicArn(topic).message("x").subject("line\nbreak")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Subject");
    assertThatThrownBy(
            () ->
                sns.publish(
                    p ->
                        p.topicArn(topic).messageStructure("json").message("{\"email\":\"only\"}")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("No default entry in JSON message body");
    assertThatThrownBy(
            () -> sns.publish(p -> p.topicArn(topic).messageStructure("json").message("not json")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("failed to parse");
    sns.publish(
        p ->
            p.topicArn(topic)
                .messageStructure("json")
                .message("{\"default\":\"d\",\"http\":\"h\"}"));
    assertThatThrownBy(
            () ->
                sns.publish(
                    p ->
                        p.topicArn(topic)
                            .message("x")
                            .messageAttributes(
                                Map.of(
                                    "n",
                                    MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("abc")
                                        .build()))))
        .isInstanceOfSatisfying(
            InvalidParameterValueException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ParameterValueInvalid");
              assertThat(e.getMessage()).contains("Could not cast message attribute 'n'");
            });
    assertThatThrownBy(
            () ->
                sns.publish(
                    p ->
                        p.topicArn(topic)
                            .message("x")
                            .messageAttributes(
                                Map.of(
                                    "t",
                                    MessageAttributeValue.builder()
                                        .dataType("Date")
                                        .stringValue("x")
                                        .build()))))
        .isInstanceOf(InvalidParameterValueException.class);
    Map<String, MessageAttributeValue> eleven = new java.util.HashMap<>();
    for (int i = 0; i < 11; i++) {
      eleven.put("a" + i, string("v"));
    }
    assertThatThrownBy(
            () -> sns.publish(p -> p.topicArn(topic).message("x").messageAttributes(eleven)))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("exceeds the allowed maximum [10]");
    assertThatThrownBy(
            () -> sns.publish(p -> p.topicArn(topic).message("x").messageDeduplicationId("d")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void fifoTopicsNeedGroupsAndDeduplicate() {
    String fifo =
        sns.createTopic(r -> r.name("jobs.fifo").attributes(Map.of("FifoTopic", "true")))
            .topicArn();
    assertThatThrownBy(
            () -> sns.publish(p -> p.topicArn(fifo).message("x").messageDeduplicationId("1")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("MessageGroupId");
    assertThatThrownBy(() -> sns.publish(p -> p.topicArn(fifo).message("x").messageGroupId("g")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("ContentBasedDeduplication");
    PublishResponse a =
        sns.publish(
            p -> p.topicArn(fifo).message("x").messageGroupId("g").messageDeduplicationId("1"));
    PublishResponse again =
        sns.publish(
            p -> p.topicArn(fifo).message("x").messageGroupId("g").messageDeduplicationId("1"));
    PublishResponse b =
        sns.publish(
            p -> p.topicArn(fifo).message("y").messageGroupId("g").messageDeduplicationId("2"));
    assertThat(again.messageId()).isEqualTo(a.messageId());
    assertThat(a.sequenceNumber()).hasSize(20);
    assertThat(b.sequenceNumber()).isGreaterThan(a.sequenceNumber());
    assertThat(sim.admin("GET", "/_sim/sns/messages?topic=jobs.fifo").get("count").asInt())
        .isEqualTo(2);
    assertThatThrownBy(
            () -> sns.subscribe(r -> r.topicArn(fifo).protocol("email").endpoint("a@b.c")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void publishBatch() {
    PublishBatchResponse r =
        sns.publishBatch(
            b ->
                b.topicArn(topic)
                    .publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder()
                            .id("one")
                            .message("1")
                            .subject("s")
                            .build(),
                        PublishBatchRequestEntry.builder().id("two").message("").build(),
                        PublishBatchRequestEntry.builder()
                            .id("three")
                            .message("3")
                            .messageAttributes(Map.of("k", string("v")))
                            .build()));
    assertThat(r.successful()).extracting(e -> e.id()).containsExactly("one", "three");
    assertThat(r.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo("two");
              assertThat(f.code()).isEqualTo("InvalidParameter");
              assertThat(f.senderFault()).isTrue();
            });
    assertThat(sim.admin("GET", "/_sim/sns/messages?topic=events").get("count").asInt())
        .isEqualTo(2);

    assertThatThrownBy(
            () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(List.of())))
        .isInstanceOf(EmptyBatchRequestException.class);
    List<PublishBatchRequestEntry> eleven =
        java.util.stream.IntStream.range(0, 11)
            .mapToObj(i -> PublishBatchRequestEntry.builder().id("m" + i).message("x").build())
            .toList();
    assertThatThrownBy(
            () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(eleven)))
        .isInstanceOf(TooManyEntriesInBatchRequestException.class);
    assertThatThrownBy(
            () ->
                sns.publishBatch(
                    b ->
                        b.topicArn(topic)
                            .publishBatchRequestEntries(
                                PublishBatchRequestEntry.builder().id("x").message("1").build(),
                                PublishBatchRequestEntry.builder().id("x").message("2").build())))
        .isInstanceOf(BatchEntryIdsNotDistinctException.class);
  }

  @Test
  void resetClearsTopicsAndMessages() {
    sns.publish(p -> p.topicArn(topic).message("m"));
    sim.admin("POST", "/_sim/reset");
    assertThat(sns.listTopics().topics()).isEmpty();
    assertThat(sim.admin("GET", "/_sim/sns/messages").get("count").asInt()).isZero();
  }

  @Test
  void javaPublishApi() throws Exception {
    AdminRoutes routes = new AdminRoutes();
    try (Sns service = new Sns(new Fleet(Files.createTempDirectory("sns-test")), routes)) {
      service
          .operations()
          .get("CreateTopic")
          .invoke(
              QueryRequest.parse("Name=events"),
              new XmlWriter(),
              RequestContext.local("sns", "CreateTopic"));
      String arn = "arn:aws:sns:us-east-1:123456789012:events";
      String id = service.publish(arn, "From Java", "{\"k\":1}");
      JsonNode m =
          routes
              .match("GET", "/_sim/sns/messages")
              .handler()
              .handle(
                  new AdminRequest("GET", "/_sim/sns/messages", Map.of(), Map.of(), new byte[0]))
              .get("messages")
              .get(0);
      assertThat(m.get("id").asText()).isEqualTo(id);
      assertThat(m.get("subject").asText()).isEqualTo("From Java");
      assertThatThrownBy(() -> service.publish(arn + "x", null, "m"))
          .isInstanceOfSatisfying(
              AwsException.class,
              e -> {
                assertThat(e.code()).isEqualTo("NotFound");
                assertThat(e.getMessage()).isEqualTo("Topic does not exist");
              });
    }
  }

  @Test
  void publishToPhoneNumberIsRecorded() {
    sns.publish(p -> p.phoneNumber("+15555550123").message("your code is 1234"));
    JsonNode all = sim.admin("GET", "/_sim/sns/messages");
    assertThat(all.get("messages").get(0).get("topicArn").asText()).isEqualTo("phone:+15555550123");
    assertThatThrownBy(() -> sns.publish(p -> p.phoneNumber("call-me").message("x")))
        .isInstanceOf(InvalidParameterException.class);
  }
}
