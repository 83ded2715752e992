package io.ssmflow.activities.command.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The completion endpoint with genuine and hostile requests: only signed messages of the worker's
 * topic reach the feed; wrong paths, methods, sizes, depths, topics, signatures and signing URLs
 * are refused, and no untrusted URL is ever fetched.
 */
class CompletionReceiverTest {
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ssmflow-command-completions";
  static final ObjectMapper JSON = new ObjectMapper();

  KeyPair keys;
  HttpServer keyServer;
  AtomicInteger keyFetches = new AtomicInteger();
  URI endpoint;
  CompletionFeed feed;
  CompletionReceiver receiver;
  List<String> confirmed = new ArrayList<>();
  HttpClient http = HttpClient.newHttpClient();
  URI url;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
    keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    keyServer.createContext(
        "/",
        x -> {
          keyFetches.incrementAndGet();
          byte[] b =
              JSON.createObjectNode()
                  .put("publicKeyPem", pem)
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    keyServer.start();
    endpoint = URI.create("http://127.0.0.1:" + keyServer.getAddress().getPort());
    feed = new CompletionFeed();
    receiver =
        CompletionReceiver.start(
            new InetSocketAddress("127.0.0.1", 0),
            TOPIC,
            new SnsSignatures(endpoint),
            feed,
            confirmed::add);
    url = URI.create("http://127.0.0.1:" + receiver.address().getPort() + PushSettings.PATH);
  }

  @AfterEach
  void stop() {
    receiver.close();
    keyServer.stop(0);
  }

  ObjectNode notification(String message, String topic, String version) throws Exception {
    ObjectNode n =
        JSON.createObjectNode()
            .put("Type", "Notification")
            .put("MessageId", "5b1c9a1e-0000-4000-8000-000000000001")
            .put("TopicArn", topic)
            .put("Message", message)
            .put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
            .put("SignatureVersion", version)
            .put("SigningCertURL", endpoint + SnsSignatures.SIMULATOR_KEY_PATH);
    n.put("Signature", sign(SnsSignatures.canonical(n, "Notification"), version));
    return n;
  }

  String sign(String canonical, String version) throws Exception {
    Signature s = Signature.getInstance("2".equals(version) ? "SHA256withRSA" : "SHA1withRSA");
    s.initSign(keys.getPrivate());
    s.update(canonical.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(s.sign());
  }

  static String invocationEnd(String command, String instance, String status) {
    return JSON.createObjectNode()
        .put("commandId", command)
        .put("instanceId", instance)
        .put("documentName", "AWS-RunShellScript")
        .put("status", status)
        .put("detailedStatus", status)
        .toString();
  }

  HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
    return post(url, body, headers);
  }

  HttpResponse<String> post(URI to, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(to).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedInvocationEndReachesTheFeed() throws Exception {
    for (String version : List.of("1", "2")) {
      String command = "cmd-" + version;
      var r =
          post(
              notification(invocationEnd(command, "i-0a", "Success"), TOPIC, version).toString(),
              Map.of("x-amz-sns-message-type", "Notification"));
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("Success", feed.ends(command).get("i-0a").status());
    }
    assertEquals(1, keyFetches.get(), "the signing key is fetched once and kept");
  }

  @Test
  void aSubscriptionConfirmationIsHandedOnOnlyWhenSigned() throws Exception {
    ObjectNode c =
        JSON.createObjectNode()
            .put("Type", "SubscriptionConfirmation")
            .put("MessageId", "m-1")
            .put("Token", "tok-123")
            .put("TopicArn", TOPIC)
            .put("Message", "You have chosen to subscribe")
            .put("SubscribeURL", "http://169.254.169.254/latest/meta-data/")
            .put("Timestamp", Instant.now().toString())
            .put("SignatureVersion", "1")
            .put("SigningCertURL", endpoint + SnsSignatures.SIMULATOR_KEY_PATH);
    c.put("Signature", sign(SnsSignatures.canonical(c, "SubscriptionConfirmation"), "1"));
    ObjectNode forged = c.deepCopy().put("Token", "tok-forged");
    assertEquals(403, post(forged.toString(), Map.of()).statusCode());
    assertEquals(200, post(c.toString(), Map.of()).statusCode());
    assertEquals(List.of("tok-123"), confirmed, "the token, never a fetch of SubscribeURL");
  }

  @Test
  void forgedOrForeignMessagesAreRefused() throws Exception {
    ObjectNode good = notification(invocationEnd("cmd-x", "i-0b", "Success"), TOPIC, "1");
    // Tampered message (signature of another body).
    ObjectNode tampered = good.deepCopy().put("Message", invocationEnd("cmd-x", "i-0b", "Failed"));
    assertEquals(403, post(tampered.toString(), Map.of()).statusCode());
    // Another topic, correctly signed.
    ObjectNode other =
        notification(
            invocationEnd("cmd-x", "i-0b", "Success"), TOPIC.replace("completions", "x"), "1");
    assertEquals(403, post(other.toString(), Map.of()).statusCode());
    // A signing URL that is neither AWS's nor the endpoint override: never fetched.
    AtomicInteger evilFetches = new AtomicInteger();
    HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    evil.createContext(
        "/",
        x -> {
          evilFetches.incrementAndGet();
          x.sendResponseHeaders(500, -1);
          x.close();
        });
    evil.start();
    try {
      for (String cert :
          List.of(
              "http://127.0.0.1:" + evil.getAddress().getPort() + SnsSignatures.SIMULATOR_KEY_PATH,
              "http://sns.us-east-1.amazonaws.com/cert.pem",
              "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem",
              "https://sns.us-east-1.amazonaws.com/cert.txt",
              "file:///etc/passwd")) {
        ObjectNode n = good.deepCopy().put("SigningCertURL", cert);
        var r = post(n.toString(), Map.of());
        assertEquals(403, r.statusCode(), cert + ": " + r.body());
      }
    } finally {
      evil.stop(0);
    }
    assertEquals(0, evilFetches.get());
    // A stale message (replayed after an hour).
    ObjectNode old = good.deepCopy().put("Timestamp", Instant.now().minusSeconds(7200).toString());
    old.put("Signature", sign(SnsSignatures.canonical(old, "Notification"), "1"));
    assertEquals(403, post(old.toString(), Map.of()).statusCode());
    // Header and body types disagree.
    assertEquals(
        400,
        post(good.toString(), Map.of("x-amz-sns-message-type", "SubscriptionConfirmation"))
            .statusCode());
    assertTrue(feed.ends("cmd-x").isEmpty(), "nothing forged reached the feed");
  }

  @Test
  void hostileRequestsAreRefusedBeforeParsing() throws Exception {
    assertEquals(
        404,
        post(URI.create(url.toString().replace(PushSettings.PATH, "/other")), "{}", Map.of())
            .statusCode());
    var get =
        http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
    String huge = "{\"Message\":\"" + "x".repeat(CompletionReceiver.MAX_BODY) + "\"}";
    assertEquals(413, post(huge, Map.of()).statusCode());
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertEquals(400, post(deep, Map.of()).statusCode());
    assertEquals(400, post("not json", Map.of()).statusCode());
    assertEquals(400, post("[1,2]", Map.of()).statusCode());
    // A genuine notification whose Message nests deeply or is not SSM's is ignored, not fatal.
    var r = post(notification("[".repeat(100) + "]".repeat(100), TOPIC, "1").toString(), Map.of());
    assertEquals(200, r.statusCode());
    var after =
        post(
            notification(invocationEnd("cmd-y", "i-0c", "Failed"), TOPIC, "1").toString(),
            Map.of());
    assertEquals(200, after.statusCode());
    assertEquals("Failed", feed.ends("cmd-y").get("i-0c").status());
  }
}
