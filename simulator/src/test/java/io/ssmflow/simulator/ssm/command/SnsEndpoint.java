package io.ssmflow.simulator.ssm.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP endpoint subscribed to an SNS topic of the simulator, as a worker would run it:
 * it confirms the subscription by visiting the SubscribeURL, verifies each Notification's signature
 * and keeps the SSM message (the Notification's Message, parsed).
 */
final class SnsEndpoint implements AutoCloseable {
  private final TestSimulator sim;
  private final HttpServer server;
  private final BlockingQueue<JsonNode> confirmations = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final boolean verify;
  private volatile PublicKey key;

  /**
   * @param verify whether to check every signature (the throughput bench turns it off to measure
   *     the simulator rather than the receiver)
   */
  SnsEndpoint(TestSimulator sim, boolean verify) {
    this.sim = sim;
    this.verify = verify;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/sns",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String type = ex.getRequestHeaders().getFirst("x-amz-sns-message-type");
          JsonNode json = Json.MAPPER.readTree(body);
          if ("SubscriptionConfirmation".equals(type)) {
            confirmations.add(json);
          } else if ("Notification".equals(type)) {
            received.incrementAndGet();
            if (verify && !signatureVerifies(json)) {
              badSignatures.incrementAndGet();
            }
            messages.add(Json.MAPPER.readTree(json.get("Message").asText()));
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sns";
  }

  /** Subscribes to {@code topicArn} and confirms by visiting the SubscribeURL. */
  void subscribe(String topicArn) throws Exception {
    sim.sns().subscribe(r -> r.topicArn(topicArn).protocol("http").endpoint(url()));
    JsonNode c = confirmations.poll(10, TimeUnit.SECONDS);
    assertThat(c).as("a SubscriptionConfirmation arrived").isNotNull();
    HttpResponse<String> visit =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(c.get("SubscribeURL").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(visit.statusCode()).isEqualTo(200);
    assertThat(
            sim.sns()
                .listSubscriptionsByTopic(r -> r.topicArn(topicArn))
                .subscriptions()
                .get(0)
                .subscriptionArn())
        .startsWith(topicArn + ":");
  }

  /** The next {@code n} SSM messages, waiting up to 10 s for them. */
  List<JsonNode> take(int n) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonNode m = messages.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("SSM notification %d of %d arrived", i + 1, n).isNotNull();
      out.add(m);
    }
    return out;
  }

  /** Messages that arrived and were not taken. */
  List<JsonNode> rest() {
    List<JsonNode> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  long received() {
    return received.get();
  }

  long badSignatures() {
    return badSignatures.get();
  }

  /** SignatureVersion 1 over SNS's canonical Notification string, with the simulator's key. */
  private boolean signatureVerifies(JsonNode n) {
    String canonical =
        "Message\n"
            + n.get("Message").asText()
            + "\nMessageId\n"
            + n.get("MessageId").asText()
            + "\n"
            + (n.has("Subject") ? "Subject\n" + n.get("Subject").asText() + "\n" : "")
            + "Timestamp\n"
            + n.get("Timestamp").asText()
            + "\nTopicArn\n"
            + n.get("TopicArn").asText()
            + "\nType\nNotification\n";
    try {
      Signature s = Signature.getInstance("SHA1withRSA");
      s.initVerify(publicKey());
      s.update(canonical.getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(n.get("Signature").asText()));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private PublicKey publicKey() throws GeneralSecurityException {
    if (key == null) {
      String pem = sim.admin("GET", "/_sim/sns/signing-key").get("publicKeyPem").asText();
      String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      key =
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }
    return key;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
