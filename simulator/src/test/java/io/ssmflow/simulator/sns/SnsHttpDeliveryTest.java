package io.ssmflow.simulator.sns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * HTTP subscriptions on a loopback JDK HttpServer: the SubscriptionConfirmation, automatic and
 * explicit confirmation, signed Notification JSON with SNS's headers, retries, raw delivery and
 * filter policies.
 */
class SnsHttpDeliveryTest {
  private static TestSimulator sim;
  private static SnsClient sns;
  private HttpServer endpoint;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  /** How many upcoming requests the endpoint answers 500. */
  private final AtomicInteger failNext = new AtomicInteger();

  private String topic;
  private String url;

  record Received(Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

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
  void setUp() throws IOException {
    sim.admin("POST", "/_sim/reset");
    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    endpoint.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  Map.copyOf(ex.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
          int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    endpoint.start();
    url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
    topic = sns.createTopic(r -> r.name("deploys")).topicArn();
  }

  @AfterEach
  void tearDown() {
    endpoint.stop(0);
  }

  private Received next() throws InterruptedException {
    Received r = received.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the endpoint").isNotNull();
    return r;
  }

  private static <T> T await(java.util.function.Supplier<T> probe, Predicate<T> done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    T last = probe.get();
    while (!done.test(last) && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = probe.get();
    }
    return last;
  }

  private Subscription onlySubscription() {
    return sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions().get(0);
  }

  /** Subscribes the endpoint and waits until the answered confirmation confirmed it. */
  private String subscribeConfirmed() throws InterruptedException {
    sns.subscribe(r -> r.topicArn(topic).protocol("http").endpoint(url));
    next();
    Subscription s =
        await(this::onlySubscription, x -> !x.subscriptionArn().equals("PendingConfirmation"));
    assertThat(s.subscriptionArn()).startsWith(topic + ":");
    return s.subscriptionArn();
  }

  private static void verifySignature(JsonNode body, String canonical) throws Exception {
    String pem = sim.admin("GET", "/_sim/sns/signing-key").get("publicKeyPem").asText();
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey key =
        KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    Signature s = Signature.getInstance("SHA1withRSA");
    s.initVerify(key);
    s.update(canonical.getBytes(StandardCharsets.UTF_8));
    assertThat(s.verify(Base64.getDecoder().decode(body.get("Signature").asText())))
        .as("signature verifies")
        .isTrue();
  }

  @Test
  void confirmationIsSentAndA2xxAnswerConfirms() throws Exception {
    String answer =
        sns.subscribe(r -> r.topicArn(topic).protocol("http").endpoint(url)).subscriptionArn();
    assertThat(answer).isEqualTo("pending confirmation");

    Received c = next();
    assertThat(c.header("x-amz-sns-message-type")).isEqualTo("SubscriptionConfirmation");
    assertThat(c.header("x-amz-sns-topic-arn")).isEqualTo(topic);
    assertThat(c.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
    JsonNode body = c.json();
    assertThat(body.get("Type").asText()).isEqualTo("SubscriptionConfirmation");
    assertThat(body.get("TopicArn").asText()).isEqualTo(topic);
    assertThat(body.get("MessageId").asText()).isEqualTo(c.header("x-amz-sns-message-id"));
    assertThat(body.get("Message").asText())
        .startsWith("You have chosen to subscribe to the" + " topic " + topic);
    assertThat(body.get("SubscribeURL").asText())
        .startsWith(sim.endpoint() + "/?Action=ConfirmSubscription&TopicArn=")
        .contains("&Token=" + body.get("Token").asText());
    assertThat(body.get("SignatureVersion").asText()).isEqualTo("1");
    verifySignature(
        body,
        "Message\n"
            + body.get("Message").asText()
            + "\nMessageId\n"
            + body.get("MessageId").asText()
            + "\nSubscribeURL\n"
            + body.get("SubscribeURL").asText()
            + "\nTimestamp\n"
            + body.get("Timestamp").asText()
            + "\nToken\n"
            + body.get("Token").asText()
            + "\nTopicArn\n"
            + topic
            + "\nType\nSubscriptionConfirmation\n");

    Subscription s =
        await(this::onlySubscription, x -> !x.subscriptionArn().equals("PendingConfirmation"));
    assertThat(s.subscriptionArn()).startsWith(topic + ":");
    JsonNode topics = sim.admin("GET", "/_sim/sns/topics");
    JsonNode sub = topics.get("topics").get(0).get("subscriptions").get(0);
    assertThat(sub.get("confirmed").asBoolean()).isTrue();
    assertThat(sub.get("confirmationDelivery").get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void visitingTheSubscribeUrlConfirms() throws Exception {
    failNext.set(100);
    sns.subscribe(r -> r.topicArn(topic).protocol("http").endpoint(url));
    JsonNode body = next().json();
    assertThat(onlySubscription().subscriptionArn()).isEqualTo("PendingConfirmation");

    HttpResponse<String> visit =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(body.get("SubscribeURL").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(visit.statusCode()).isEqualTo(200);
    assertThat(visit.body()).contains("<ConfirmSubscriptionResult><SubscriptionArn>" + topic + ":");
    assertThat(onlySubscription().subscriptionArn()).startsWith(topic + ":");
    // The SDK's ConfirmSubscription with the same token answers the same ARN.
    assertThat(
            sns.confirmSubscription(r -> r.topicArn(topic).token(body.get("Token").asText()))
                .subscriptionArn())
        .isEqualTo(onlySubscription().subscriptionArn());
  }

  @Test
  void notificationJsonAndHeaders() throws Exception {
    String subArn = subscribeConfirmed();
    String id =
        sns.publish(
                p ->
                    p.topicArn(topic)
                        .subject("Rollout")
                        .message("v7 deployed")
                        .messageAttributes(
                            Map.of(
                                "env",
                                MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("prod")
                                    .build())))
            .messageId();

    Received n = next();
    assertThat(n.header("x-amz-sns-message-type")).isEqualTo("Notification");
    assertThat(n.header("x-amz-sns-message-id")).isEqualTo(id);
    assertThat(n.header("x-amz-sns-topic-arn")).isEqualTo(topic);
    assertThat(n.header("x-amz-sns-subscription-arn")).isEqualTo(subArn);
    assertThat(n.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
    JsonNode body = n.json();
    assertThat(body.get("Type").asText()).isEqualTo("Notification");
    assertThat(body.get("MessageId").asText()).isEqualTo(id);
    assertThat(body.get("TopicArn").asText()).isEqualTo(topic);
    assertThat(body.get("Subject").asText()).isEqualTo("Rollout");
    assertThat(body.get("Message").asText()).isEqualTo("v7 deployed");
    assertThat(body.get("Timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(body.get("SignatureVersion").asText()).isEqualTo("1");
    assertThat(body.get("SigningCertURL").asText()).startsWith(sim.endpoint().toString());
    assertThat(body.get("UnsubscribeURL").asText())
        .startsWith(sim.endpoint() + "/?Action=Unsubscribe&SubscriptionArn=");
    assertThat(body.get("MessageAttributes").get("env").get("Type").asText()).isEqualTo("String");
    assertThat(body.get("MessageAttributes").get("env").get("Value").asText()).isEqualTo("prod");
    verifySignature(
        body,
        "Message\nv7 deployed\nMessageId\n"
            + id
            + "\nSubject\nRollout\n"
            + "Timestamp\n"
            + body.get("Timestamp").asText()
            + "\nTopicArn\n"
            + topic
            + "\nType\nNotification\n");

    JsonNode delivery =
        await(
            () ->
                sim.admin("GET", "/_sim/sns/messages?topic=deploys")
                    .get("messages")
                    .get(0)
                    .get("deliveries")
                    .get(0),
            d -> d.get("status").asText().equals("delivered"));
    assertThat(delivery.get("status").asText()).isEqualTo("delivered");
    assertThat(delivery.get("httpStatus").asInt()).isEqualTo(200);
    assertThat(delivery.get("endpoint").asText()).isEqualTo(url);

    // The UnsubscribeURL works too.
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(body.get("UnsubscribeURL").asText())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions()).isEmpty();
  }

  @Test
  void failedDeliveriesAreRetried() throws Exception {
    subscribeConfirmed();
    failNext.set(1);
    sns.publish(p -> p.topicArn(topic).message("retry me"));
    Received first = next();
    Received second = next();
    assertThat(second.json().get("MessageId").asText())
        .isEqualTo(first.json().get("MessageId").asText());
    JsonNode delivery =
        await(
            () ->
                sim.admin("GET", "/_sim/sns/messages?topic=deploys")
                    .get("messages")
                    .get(0)
                    .get("deliveries")
                    .get(0),
            d -> d.get("status").asText().equals("delivered"));
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void rawDeliveryStructuredMessagesAndFilterPolicies() throws Exception {
    String subArn = subscribeConfirmed();
    sns.setSubscriptionAttributes(
        r -> r.subscriptionArn(subArn).attributeName("RawMessageDelivery").attributeValue("true"));
    sns.publish(
        p ->
            p.topicArn(topic)
                .messageStructure("json")
                .message("{\"default\":\"for everyone\",\"http\":\"for http\"}"));
    Received raw = next();
    assertThat(raw.body()).isEqualTo("for http");
    assertThat(raw.header("x-amz-sns-rawdelivery")).isEqualTo("true");

    sns.setSubscriptionAttributes(
        r ->
            r.subscriptionArn(subArn)
                .attributeName("FilterPolicy")
                .attributeValue("{\"env\":[\"prod\", {\"prefix\": \"stag\"}]}"));
    sns.publish(
        p ->
            p.topicArn(topic)
                .message("dev only")
                .messageAttributes(
                    Map.of(
                        "env",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue("dev")
                            .build())));
    sns.publish(
        p ->
            p.topicArn(topic)
                .message("staging")
                .messageAttributes(
                    Map.of(
                        "env",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue("staging")
                            .build())));
    assertThat(next().body()).isEqualTo("staging");
    JsonNode filtered =
        sim.admin("GET", "/_sim/sns/messages?topic=deploys")
            .get("messages")
            .get(1)
            .get("deliveries")
            .get(0);
    assertThat(filtered.get("status").asText()).isEqualTo("recorded");
    assertThat(filtered.get("note").asText()).contains("filter policy");
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }
}
