package io.ssmflow.activities.command.push;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP endpoint for its SNS subscription (docs/design.md, "Completion push"): takes
 * POSTed SNS messages of one topic, refuses anything not signed by SNS ({@link SnsSignatures}),
 * hands a SubscriptionConfirmation's token to the caller (which confirms through the SNS API, never
 * by fetching the message's URL) and puts each invocation end of a Notification into the {@link
 * CompletionFeed}. Bodies are bounded in size and JSON depth; only POST on {@link
 * PushSettings#PATH} is answered.
 */
public final class CompletionReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CompletionReceiver.class);

  /** SNS messages are at most 256 KiB; the envelope adds a little. */
  static final int MAX_BODY = 300 * 1024;

  static final int MAX_DEPTH = 16;

  /** The most of a too-large body read (and dropped) before answering 413. */
  static final long MAX_DRAIN = 2L * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService threads;
  private final String topicArn;
  private final SnsSignatures signatures;
  private final CompletionFeed feed;
  private final Consumer<String> confirm;
  private final java.util.concurrent.atomic.AtomicLong refused =
      new java.util.concurrent.atomic.AtomicLong();
  private final ObjectMapper json =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_DEPTH)
                      .maxStringLength(MAX_BODY)
                      .build())
              .build());

  private CompletionReceiver(
      HttpServer server,
      String topicArn,
      SnsSignatures signatures,
      CompletionFeed feed,
      Consumer<String> confirm) {
    this.server = server;
    this.topicArn = topicArn;
    this.signatures = signatures;
    this.feed = feed;
    this.confirm = confirm;
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "ssmflow-push-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  /**
   * Listens on {@code address} for messages of {@code topicArn}.
   *
   * @param confirm called with the Token of a genuine SubscriptionConfirmation
   */
  static CompletionReceiver start(
      InetSocketAddress address,
      String topicArn,
      SnsSignatures signatures,
      CompletionFeed feed,
      Consumer<String> confirm)
      throws IOException {
    CompletionReceiver r =
        new CompletionReceiver(
            HttpServer.create(requireNonNull(address, "address is null"), 64),
            requireNonNull(topicArn, "topicArn is null"),
            requireNonNull(signatures, "signatures is null"),
            requireNonNull(feed, "feed is null"),
            requireNonNull(confirm, "confirm is null"));
    r.server.start();
    return r;
  }

  /** The address it listens on (its port, when a free one was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (!PushSettings.PATH.equals(x.getRequestURI().getRawPath())) {
        answer(x, 404, "not found");
        return;
      }
      if (!"POST".equals(x.getRequestMethod())) {
        x.getResponseHeaders().add("Allow", "POST");
        answer(x, 405, "POST only");
        return;
      }
      String length = x.getRequestHeaders().getFirst("Content-Length");
      if (length != null) {
        long declared;
        try {
          declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
          answer(x, 400, "bad Content-Length");
          return;
        }
        if (declared > MAX_BODY) {
          tooLarge(x);
          return;
        }
      }
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        tooLarge(x);
        return;
      }
      JsonNode m;
      try {
        m = json.readTree(body);
      } catch (IOException e) {
        answer(x, 400, "not JSON");
        return;
      }
      if (m == null || !m.isObject()) {
        answer(x, 400, "not an SNS message");
        return;
      }
      String type = m.path("Type").asText("");
      String header = x.getRequestHeaders().getFirst("x-amz-sns-message-type");
      if (header != null && !header.equals(type)) {
        answer(x, 400, "message type header and body disagree");
        return;
      }
      if (!topicArn.equals(m.path("TopicArn").asText(""))) {
        answer(x, 403, "not this worker's topic");
        return;
      }
      String refusal = signatures.refusal(m);
      if (refusal != null) {
        long n = refused.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
          log.warn("refused an SNS message on the completion endpoint ({} so far): {}", n, refusal);
        }
        answer(x, 403, "refused: " + refusal);
        return;
      }
      switch (type) {
        case "SubscriptionConfirmation" -> confirm.accept(m.path("Token").asText());
        case "Notification" -> take(m.path("Message").asText(""));
        default -> {
          // UnsubscribeConfirmation: nothing to do
        }
      }
      answer(x, 200, "ok");
    } catch (RuntimeException e) {
      log.warn("completion endpoint failed on a message", e);
    }
  }

  /** An SSM invocation status notification: commandId, instanceId, status. */
  private void take(String message) {
    JsonNode n;
    try {
      n = json.readTree(message);
    } catch (IOException e) {
      log.debug("notification on the completion topic is not JSON; ignored");
      return;
    }
    if (n == null || !n.isObject()) {
      return;
    }
    String commandId = n.path("commandId").asText(null);
    String instanceId = n.path("instanceId").asText(null);
    String status = n.path("status").asText(null);
    if (commandId == null || instanceId == null || status == null) {
      return; // a command-level notification, or another publisher's message
    }
    feed.accept(new CompletionFeed.Ended(commandId, instanceId, status));
  }

  /**
   * 413, after discarding up to {@link #MAX_DRAIN} bytes of the body so the client can read the
   * answer (beyond that the connection is just closed).
   */
  private static void tooLarge(HttpExchange x) throws IOException {
    try (InputStream in = x.getRequestBody()) {
      long left = MAX_DRAIN;
      byte[] sink = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= n;
      }
    }
    answer(x, 413, "body too large");
  }

  private static void answer(HttpExchange x, int code, String text) throws IOException {
    byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.sendResponseHeaders(code, b.length);
    x.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
