package io.ssmflow.cli.codec;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's remote codec-server protocol over the JDK HTTP server, for the Temporal Web UI and
 * CLI: {@code POST .../encode} and {@code POST .../decode} (only the last path segment counts)
 * take and answer a {@code temporal.api.common.v1.Payloads} message in protobuf JSON, {@code
 * {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}. CORS answers the
 * configured origins (preflight OPTIONS; credentials allowed); with a token configured, every
 * encode/decode needs {@code Authorization: Bearer <token>}. The {@code X-Namespace} header is
 * accepted and logged; one key file serves every namespace.
 */
public final class CodecServer implements AutoCloseable {
  static final String ALLOW_HEADERS = "Authorization, X-Namespace, Content-Type";
  static final String ALLOW_METHODS = "POST, OPTIONS";
  /** Far above Temporal's 2 MB per payload times a page of events; a guard, not a quota. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final HttpServer server;
  private final ExecutorService executor;
  private final PayloadCodec codec;
  private final Set<String> origins;
  private final byte[] expectedAuthorization;

  private CodecServer(HttpServer server, ExecutorService executor, PayloadCodec codec,
      Set<String> origins, String token) {
    this.server = server;
    this.executor = executor;
    this.codec = codec;
    this.origins = origins;
    this.expectedAuthorization = token == null ? null
        : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Starts serving.
   *
   * @param host the address to bind (127.0.0.1 unless the UI's browser is elsewhere)
   * @param port the port (0: a free one)
   * @param codec the payload codec (ssmflow's encryption codec)
   * @param origins the browser origins allowed by CORS (empty: no CORS headers)
   * @param token the bearer token to require, or null for none
   */
  public static CodecServer start(String host, int port, PayloadCodec codec, Set<String> origins,
      String token) throws IOException {
    requireNonNull(codec, "codec is null");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "ssmflow-codec-server");
      t.setDaemon(true);
      return t;
    });
    CodecServer codecServer = new CodecServer(server, executor, codec, Set.copyOf(origins),
        token);
    server.createContext("/", codecServer::handle);
    server.setExecutor(executor);
    server.start();
    return codecServer;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
  public URI endpoint() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + a.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      cors(exchange);
      String method = exchange.getRequestMethod();
      if ("OPTIONS".equals(method)) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String last = path.substring(path.lastIndexOf('/') + 1);
      boolean encode = "encode".equals(last);
      if (!encode && !"decode".equals(last)) {
        send(exchange, 404, "text/plain", "not found: POST .../encode or .../decode");
        return;
      }
      if (!"POST".equals(method)) {
        exchange.getResponseHeaders().set("Allow", ALLOW_METHODS);
        send(exchange, 405, "text/plain", "method not allowed: use POST");
        return;
      }
      if (expectedAuthorization != null && !authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, 401, "text/plain", "unauthorized: Authorization: Bearer <token> required");
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        send(exchange, 413, "text/plain", "request body over " + MAX_BODY_BYTES + " bytes");
        return;
      }
      Payloads.Builder request = Payloads.newBuilder();
      try {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
          throw new InvalidProtocolBufferException("empty body");
        }
        PARSER.merge(text, request);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        send(exchange, 400, "text/plain", "bad request: expected {\"payloads\":[...]} as"
            + " protobuf JSON (" + e.getMessage() + ")");
        return;
      }
      List<Payload> result;
      try {
        result = encode ? codec.encode(request.getPayloadsList())
            : codec.decode(request.getPayloadsList());
      } catch (PayloadCodecException e) {
        log.warn("{} of {} payload(s) for namespace {} failed: {}", last,
            request.getPayloadsCount(), namespace(exchange), e.getMessage());
        send(exchange, 400, "text/plain", last + " failed: " + e.getMessage());
        return;
      }
      log.debug("{} {} payload(s) for namespace {}", last, result.size(), namespace(exchange));
      send(exchange, 200, "application/json",
          PRINTER.print(Payloads.newBuilder().addAllPayloads(result).build()));
    } catch (IOException | RuntimeException e) {
      log.warn("codec server request failed", e);
      throw e;
    }
  }

  private void cors(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin == null || !origins.contains(origin)) {
      return;
    }
    var h = exchange.getResponseHeaders();
    h.set("Access-Control-Allow-Origin", origin);
    h.set("Access-Control-Allow-Credentials", "true");
    h.set("Access-Control-Allow-Headers", ALLOW_HEADERS);
    h.set("Access-Control-Allow-Methods", ALLOW_METHODS);
    h.set("Access-Control-Max-Age", "600");
    h.set("Vary", "Origin");
  }

  private boolean authorized(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(expectedAuthorization,
        given.trim().getBytes(StandardCharsets.UTF_8));
  }

  private static String namespace(HttpExchange exchange) {
    String ns = exchange.getRequestHeaders().getFirst("X-Namespace");
    return ns == null ? "(none)" : ns;
  }

  /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
