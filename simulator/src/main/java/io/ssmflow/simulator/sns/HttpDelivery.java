package io.ssmflow.simulator.sns;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to HTTP/HTTPS (loopback) endpoints off the request thread, retrying a few
 * times with backoff like SNS's delivery policy (much shorter delays). HTTPS endpoints on this
 * machine are usually self-signed, so their certificates are not checked: the endpoint has already
 * been restricted to loopback.
 *
 * <p>Each endpoint gets at most {@link #MAX_IN_FLIGHT} requests at once through its {@link
 * DeliveryGate}; beyond {@link #MAX_WAITING} waiting ones a delivery fails at once.
 */
final class HttpDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);

  /** Delay before each attempt: the first at once, then three retries. */
  private static final long[] BACKOFF_MS = {0, 200, 1000, 3000};

  /** Requests under way to one endpoint (host and port): a few keep-alive connections. */
  static final int MAX_IN_FLIGHT = 16;

  /** Requests waiting for one endpoint before new deliveries to it fail. */
  static final int MAX_WAITING = 20_000;

  private final Map<String, DeliveryGate> gates = new ConcurrentHashMap<>();

  private final ExecutorService io;
  private final ScheduledExecutorService retries;
  private final HttpClient client;

  HttpDelivery() {
    AtomicInteger n = new AtomicInteger();
    this.io =
        Executors.newFixedThreadPool(4, r -> daemon(r, "sns-delivery-" + n.incrementAndGet()));
    this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sns-retry"));
    this.client =
        HttpClient.newBuilder()
            .executor(io)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustingContext())
            .build();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * POSTs {@code body} to {@code endpoint}; records each attempt on {@code delivery} and calls
   * {@code onSuccess} after the first 2xx answer.
   */
  void post(
      URI endpoint,
      Map<String, String> headers,
      String body,
      Delivery delivery,
      Runnable onSuccess) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    schedule(b.build(), 0, delivery, onSuccess);
  }

  private void schedule(HttpRequest request, int attempt, Delivery delivery, Runnable onSuccess) {
    try {
      retries.schedule(
          () -> send(request, attempt, delivery, onSuccess),
          BACKOFF_MS[attempt],
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      delivery.attempted(null, "simulator shutting down");
      delivery.finish(false);
    }
  }

  private void send(HttpRequest request, int attempt, Delivery delivery, Runnable onSuccess) {
    URI uri = request.uri();
    DeliveryGate gate =
        gates.computeIfAbsent(
            uri.getScheme() + "://" + uri.getRawAuthority(),
            k -> new DeliveryGate(MAX_IN_FLIGHT, MAX_WAITING));
    boolean accepted =
        gate.submit(
            () -> {
              try {
                client
                    .sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    // Async: an answer never runs the next waiting send on this stack.
                    .whenCompleteAsync(
                        (response, failure) -> {
                          gate.done();
                          answered(request, attempt, delivery, onSuccess, response, failure);
                        },
                        io);
              } catch (RuntimeException e) {
                gate.done();
                answered(request, attempt, delivery, onSuccess, null, e);
              }
            });
    if (!accepted) {
      delivery.attempted(null, "too many deliveries waiting for " + uri.getRawAuthority());
      delivery.finish(false);
    }
  }

  /** One attempt ended: done, retried after its backoff, or given up. */
  private void answered(
      HttpRequest request,
      int attempt,
      Delivery delivery,
      Runnable onSuccess,
      HttpResponse<Void> response,
      Throwable failure) {
    if (failure == null && response.statusCode() / 100 == 2) {
      delivery.attempted(response.statusCode(), null);
      delivery.finish(true);
      if (onSuccess != null) {
        onSuccess.run();
      }
      return;
    }
    String why =
        failure != null
            ? String.valueOf(failure.getCause() != null ? failure.getCause() : failure)
            : "HTTP " + response.statusCode();
    delivery.attempted(response == null ? null : response.statusCode(), why);
    if (attempt + 1 < BACKOFF_MS.length) {
      schedule(request, attempt + 1, delivery, onSuccess);
    } else {
      log.info(
          "giving up delivering to {} after {} attempts: {}",
          request.uri(),
          BACKOFF_MS.length,
          why);
      delivery.finish(false);
    }
  }

  private static SSLContext trustingContext() {
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustAll}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
    io.shutdownNow();
  }
}
