package io.ssmflow.cli.codec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ssmflow.cli.Json;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's remote codec-server protocol over the JDK HTTP server, for the Temporal Web UI and
 * CLI: {@code POST .../encode} and {@code POST .../decode} (only the last path segment counts) take
 * and answer a {@code temporal.api.common.v1.Payloads} message in protobuf JSON, {@code
 * {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}. CORS answers the
 * configured origins (preflight OPTIONS; credentials allowed). The {@code X-Namespace} header is
 * accepted and logged; one key file serves every namespace.
 *
 * <p>It decrypts for whoever reaches it, so: the Host header must name it (no DNS rebinding), a
 * browser Origin must be a configured one, a server not bound to loopback requires a bearer token
 * (an {@code Authorization: Bearer} header, or the browser session cookie of {@link
 * BrowserSession}), bodies are limited in size and nesting before any parsing, and every error is a
 * 4xx JSON {@code {"error": "..."}} that names no file or internal detail.
 */
public final class CodecServer implements AutoCloseable {
  static final String ALLOW_HEADERS = "Authorization, X-Namespace, Content-Type";
  static final String ALLOW_METHODS = "POST, OPTIONS";

  /** Far above Temporal's 2 MB per payload times a page of events; a guard, not a quota. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  /** A Payloads message nests 4 levels; anything much deeper is not one. */
  static final int MAX_JSON_DEPTH = 16;

  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  /**
   * How to serve.
   *
   * @param host the address to bind (127.0.0.1 unless the UI's browser is elsewhere)
   * @param port the port (0: a free one)
   * @param origins the browser origins allowed by CORS (empty: none)
   * @param token the bearer token to require, or null for none (only on a loopback address)
   * @param allowedHosts Host header names accepted besides loopback names and the bind address
   */
  public record Settings(
      String host, int port, Set<String> origins, String token, Set<String> allowedHosts) {
    public Settings {
      requireNonNull(host, "host is null");
      origins = Set.copyOf(origins);
      allowedHosts = Set.copyOf(allowedHosts);
      if (token == null && !isLoopback(host)) {
        throw new IllegalArgumentException(
            "a codec server on "
                + host
                + " (not a loopback"
                + " address) decrypts for anyone who reaches it, so it needs a bearer token");
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final PayloadCodec codec;
  private final Set<String> keyIds;
  private final Set<String> origins;
  private final RequestHosts hosts;
  private final byte[] expectedAuthorization;
  private final BrowserSession session;

  private CodecServer(
      HttpServer server, ExecutorService executor, PayloadCodec codec, Settings settings) {
    this.server = server;
    this.executor = executor;
    this.codec = codec;
    this.keyIds = codec instanceof EncryptionCodec e ? Set.copyOf(e.keys().ids()) : null;
    this.origins = settings.origins();
    this.hosts = new RequestHosts(settings.host(), settings.allowedHosts());
    this.expectedAuthorization =
        settings.token() == null
            ? null
            : ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
    this.session = settings.token() == null ? null : new BrowserSession(settings.token());
  }

  /** Starts serving on loopback names only (see {@link Settings}). */
  public static CodecServer start(
      String host, int port, PayloadCodec codec, Set<String> origins, String token)
      throws IOException {
    return start(new Settings(host, port, origins, token, Set.of()), codec);
  }

  /** Starts serving. */
  public static CodecServer start(Settings settings, PayloadCodec codec) throws IOException {
    requireNonNull(codec, "codec is null");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "ssmflow-codec-server");
              t.setDaemon(true);
              return t;
            });
    CodecServer codecServer = new CodecServer(server, executor, codec, settings);
    server.createContext("/", codecServer::handle);
    server.setExecutor(executor);
    server.start();
    return codecServer;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
  public URI endpoint() {
    InetSocketAddress a = server.getAddress();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        serve(exchange);
      } catch (RuntimeException | StackOverflowError e) {
        log.warn("codec server request failed: {}", e.toString());
        error(exchange, 500, "internal error; see the codec server's log");
      }
    } catch (IOException e) {
      log.debug("codec server connection problem: {}", e.toString());
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    var headers = exchange.getRequestHeaders();
    String host = headers.getFirst("Host");
    if (host == null || RequestHosts.hostName(host) == null) {
      error(exchange, 400, "a valid Host header is required");
      return;
    }
    if (!hosts.allowed(host)) {
      error(
          exchange,
          403,
          "Host '"
              + printable(host)
              + "' is not a name of this codec server"
              + " (it answers "
              + String.join(", ", hosts.names())
              + ", 127.x.x.x; more with"
              + " --allowed-hosts)");
      return;
    }
    String origin = headers.getFirst("Origin");
    if (origin != null && !origins.contains(origin) && !ownOrigin(origin, host)) {
      error(exchange, 403, "origin " + printable(origin) + " is not allowed (--cors-origin)");
      return;
    }
    cors(exchange, origin);
    String method = exchange.getRequestMethod();
    if ("OPTIONS".equals(method)) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (session != null && (path.equals("/") || path.equals("/session"))) {
      signIn(exchange, path, method);
      return;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    boolean encode = "encode".equals(last);
    if (!encode && !"decode".equals(last)) {
      error(exchange, 404, "not found: POST .../encode or .../decode");
      return;
    }
    if (!"POST".equals(method)) {
      exchange.getResponseHeaders().set("Allow", ALLOW_METHODS);
      error(exchange, 405, "method not allowed: use POST");
      return;
    }
    if (expectedAuthorization != null && !authorized(exchange)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      error(exchange, 401, "unauthorized: Authorization: Bearer <token> required");
      return;
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      error(exchange, 413, "request body over " + MAX_BODY_BYTES + " bytes");
      return;
    }
    if (!JsonDepth.within(body, MAX_JSON_DEPTH)) {
      error(
          exchange,
          400,
          "bad request: JSON nested deeper than "
              + MAX_JSON_DEPTH
              + " levels; expected {\"payloads\":[...]}");
      return;
    }
    Payloads.Builder request = Payloads.newBuilder();
    try {
      String text = new String(body, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw new InvalidProtocolBufferException("empty body");
      }
      PARSER.merge(text, request);
    } catch (InvalidProtocolBufferException | RuntimeException | StackOverflowError e) {
      error(exchange, 400, "bad request: expected {\"payloads\":[...]} as protobuf JSON");
      return;
    }
    List<Payload> result;
    try {
      result =
          encode
              ? codec.encode(request.getPayloadsList())
              : codec.decode(request.getPayloadsList());
    } catch (PayloadCodecException e) {
      // The full reason (it may name the key file) goes to this server's log only.
      log.warn(
          "{} of {} payload(s) for namespace {} failed: {}",
          last,
          request.getPayloadsCount(),
          namespace(exchange),
          e.getMessage());
      error(
          exchange,
          400,
          last
              + " failed: "
              + (encode ? "see the codec server's log" : whyNotDecoded(request.getPayloadsList())));
      return;
    }
    log.debug("{} {} payload(s) for namespace {}", last, result.size(), namespace(exchange));
    send(
        exchange,
        200,
        "application/json",
        PRINTER.print(Payloads.newBuilder().addAllPayloads(result).build()));
  }

  /** The browser sign-in: GET / shows the form, POST /session checks the token. */
  private void signIn(HttpExchange exchange, String path, String method) throws IOException {
    if (path.equals("/") && "GET".equals(method)) {
      send(
          exchange,
          200,
          "text/html",
          BrowserSession.page(
              "Sign in with the bearer token so" + " that this browser can decode payloads."));
      return;
    }
    if (!path.equals("/session") || !"POST".equals(method)) {
      exchange.getResponseHeaders().set("Allow", path.equals("/") ? "GET" : "POST");
      error(exchange, 405, "method not allowed");
      return;
    }
    byte[] body = exchange.getRequestBody().readNBytes(4097);
    String token = null;
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("token=")) {
        token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    if (body.length > 4096
        || token == null
        || !MessageDigest.isEqual(
            expectedAuthorization, ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8))) {
      send(exchange, 401, "text/html", BrowserSession.page("Wrong token."));
      return;
    }
    exchange.getResponseHeaders().add("Set-Cookie", session.setCookie());
    send(
        exchange,
        200,
        "text/html",
        "<!doctype html><p>Signed in: this browser can decode"
            + " payloads for "
            + BrowserSession.MAX_AGE_SECONDS / 3600
            + " hours.</p>");
  }

  /** Which payload could not be decoded and why, in words that name no file. */
  private String whyNotDecoded(List<Payload> payloads) {
    for (int i = 0; i < payloads.size(); i++) {
      Payload p = payloads.get(i);
      try {
        codec.decode(List.of(p));
        continue;
      } catch (RuntimeException e) {
        // this one (a PayloadCodecException): find out why below
      }
      ByteString id = p.getMetadataOrDefault(EncryptionCodec.KEY_ID, null);
      String which = "payload " + (i + 1) + " of " + payloads.size();
      if (id == null) {
        return which + " is marked encrypted but has no " + EncryptionCodec.KEY_ID;
      }
      String shown = printable(id.toStringUtf8());
      if (keyIds != null && !keyIds.contains(id.toStringUtf8())) {
        return which
            + " is encrypted with key id '"
            + shown
            + "', which this codec server's"
            + " key file (SSMFLOW_CODEC_KEY_FILE) does not hold; give it the workers' key file,"
            + " keeping old keys after a rotation";
      }
      return which
          + " (key id '"
          + shown
          + "') does not decrypt with this codec server's key"
          + " of that id: a different key file, or altered data";
    }
    return "a payload cannot be decoded";
  }

  private void cors(HttpExchange exchange, String origin) {
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

  /** The sign-in form posts from the server's own origin. */
  private static boolean ownOrigin(String origin, String host) {
    return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
  }

  private boolean authorized(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    if (given != null
        && MessageDigest.isEqual(
            expectedAuthorization, given.trim().getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    return session.presentIn(exchange.getRequestHeaders().getFirst("Cookie"));
  }

  private static String namespace(HttpExchange exchange) {
    String ns = exchange.getRequestHeaders().getFirst("X-Namespace");
    return ns == null ? "(none)" : printable(ns);
  }

  /** The body, or null when it is (or says it is) larger than {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("error", message);
    send(
        exchange,
        status,
        "application/json",
        Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** At most 100 printable ASCII characters, for messages and logs. */
  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
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
