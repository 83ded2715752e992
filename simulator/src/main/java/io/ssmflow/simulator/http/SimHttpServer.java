package io.ssmflow.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ssmflow.simulator.admin.AdminException;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.CallStats;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.core.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's single HTTP endpoint. It tells the protocols apart the way AWS front ends do:
 * {@code X-Amz-Target} for AWS JSON, the {@code /service/.../operation/...} path for Smithy RPC v2
 * CBOR, a form body with {@code Action} for the Query protocols (the service is taken from the
 * SigV4 credential scope), and {@code /_sim/} for the admin API.
 */
public final class SimHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimHttpServer.class);
  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

  /** Far above any AWS request the clients send here (and a fleet file); a guard on memory. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  private static final Pattern CBOR_PATH = Pattern.compile("^/service/([^/]+)/operation/([^/?]+)$");

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: every call then takes ~40 ms instead of ~1 ms. Read once, when the JDK's
    // server configuration class loads, so it must be set before the first HttpServer exists.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final List<JsonApi> jsonApis = new ArrayList<>();
  private final List<QueryApi> queryApis = new ArrayList<>();
  private final AdminRoutes admin;
  private final Knobs knobs;
  private final CallStats stats = new CallStats();
  private HttpServer server;
  private ExecutorService executor;
  private RequestGuard guard;

  public SimHttpServer(AdminRoutes admin, Knobs knobs) {
    this.admin = admin;
    this.knobs = knobs;
  }

  /** Every AWS call this server answered, by operation (see {@link CallStats}). */
  public CallStats stats() {
    return stats;
  }

  public void register(JsonApi api) {
    jsonApis.add(api);
  }

  public void register(QueryApi api) {
    queryApis.add(api);
  }

  /** Starts on {@code host}, answering only loopback names and the bind address. */
  public InetSocketAddress start(String host, int port, int threads) throws IOException {
    return start(host, port, threads, Set.of());
  }

  /**
   * Starts serving.
   *
   * @param host the address to bind
   * @param port the port (0: a free one)
   * @param threads worker threads
   * @param allowedHosts host names clients may use besides loopback names and the bind address (see
   *     {@link RequestGuard})
   */
  public InetSocketAddress start(String host, int port, int threads, Set<String> allowedHosts)
      throws IOException {
    guard = new RequestGuard(host, allowedHosts);
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus the
    // client's delayed ACK add ~40 ms to every call. Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    server = HttpServer.create(new InetSocketAddress(host, port), 256);
    AtomicInteger n = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "sim-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return server.getAddress();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) {
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      var headers = exchange.getRequestHeaders();
      RequestGuard.Refusal refusal =
          guard.check(
              exchange.getRequestMethod(),
              path,
              headers.getFirst("Host"),
              headers.getFirst("Origin"),
              headers.getFirst("Content-Type"));
      if (refusal != null) {
        log.warn(
            "refused {} {} from {}: {}",
            exchange.getRequestMethod(),
            path,
            exchange.getRemoteAddress(),
            refusal.message());
        sendAdminError(exchange, refusal.status(), refusal.message());
        return;
      }
      byte[] body = readBody(exchange);
      if (body == null) {
        sendAdminError(exchange, 413, "request body over " + MAX_BODY_BYTES + " bytes");
        return;
      }
      if (path.startsWith("/_sim")) {
        handleAdmin(exchange, path, body);
        return;
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String[] scope = credentialScope(exchange);
      if (target != null) {
        handleJson(exchange, target, body, scope, requestId);
        return;
      }
      Matcher cbor = CBOR_PATH.matcher(path);
      if (cbor.matches() && "POST".equals(exchange.getRequestMethod())) {
        handleCbor(exchange, cbor.group(1), cbor.group(2), body, scope, requestId);
        return;
      }
      handleQuery(exchange, body, scope, requestId);
    } catch (IOException e) {
      log.debug("connection problem: {}", e.toString());
    } catch (RuntimeException | StackOverflowError e) {
      log.error("unexpected failure serving a request", e);
    }
  }

  /** The body (gunzipped when so encoded), or null when it is over {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] raw = in.readNBytes(MAX_BODY_BYTES + 1);
    if (raw.length > MAX_BODY_BYTES) {
      return null;
    }
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.toLowerCase().contains("gzip") && raw.length > 0) {
      try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        byte[] plain = gz.readNBytes(MAX_BODY_BYTES + 1);
        return plain.length > MAX_BODY_BYTES ? null : plain;
      }
    }
    return raw;
  }

  /** {region, service} from the SigV4 Authorization header, or nulls. */
  private static String[] credentialScope(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null) {
      Matcher m = CREDENTIAL_SCOPE.matcher(auth);
      if (m.find()) {
        return new String[] {m.group(1), m.group(2)};
      }
    }
    return new String[] {null, null};
  }

  private static RequestContext context(
      String[] scope, String service, String operation, String requestId, HttpExchange ex) {
    String region = scope[0] == null ? RequestContext.DEFAULT_REGION : scope[0];
    return new RequestContext(
        region, RequestContext.ACCOUNT_ID, service, operation, requestId, ex.getRemoteAddress());
  }

  // ---- AWS JSON 1.0 / 1.1 ------------------------------------------------------------------

  private void handleJson(
      HttpExchange ex, String target, byte[] body, String[] scope, String requestId)
      throws IOException {
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/x-amz-json")) {
      contentType = "application/x-amz-json-1.1";
    }
    int dot = target.lastIndexOf('.');
    String prefix = dot < 0 ? target : target.substring(0, dot);
    String operation = dot < 0 ? "" : target.substring(dot + 1);
    JsonApi api =
        jsonApis.stream().filter(a -> a.targetPrefix().equals(prefix)).findFirst().orElse(null);
    String service = api == null ? null : api.signingName();
    RequestContext ctx = context(scope, service, operation, requestId, ex);
    try {
      if (api == null) {
        throw new AwsException("UnknownOperationException", "Unknown target " + target);
      }
      JsonNode answer = invokeJson(api, operation, parseJson(body), ctx);
      stats.record(service, operation, null);
      respond(
          ex,
          service,
          operation,
          200,
          contentType,
          requestId,
          Json.MAPPER.writeValueAsBytes(answer));
    } catch (AwsException e) {
      stats.record(service, operation, e.code());
      ObjectNode error = Json.object().put("__type", e.type()).put("message", e.getMessage());
      ex.getResponseHeaders().add("X-Amzn-ErrorType", e.type());
      if (api != null && api.queryCompatible()) {
        ex.getResponseHeaders()
            .add("x-amzn-query-error", e.code() + ";" + (e.senderFault() ? "Sender" : "Receiver"));
      }
      respond(
          ex,
          service,
          operation,
          e.httpStatus(),
          contentType,
          requestId,
          Json.MAPPER.writeValueAsBytes(error));
    }
  }

  private static ObjectNode parseJson(byte[] body) {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || node.isNull() || node.isMissingNode()) {
        return Json.object();
      }
      if (!node.isObject()) {
        throw new AwsException("SerializationException", "Request body must be a JSON object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new AwsException("SerializationException", "Malformed JSON request body");
    }
  }

  private JsonNode invokeJson(JsonApi api, String operation, ObjectNode input, RequestContext ctx) {
    JsonOperation op = api.operations().get(operation);
    if (op == null) {
      throw AwsException.invalidAction(operation);
    }
    if (!knobs.tryAcquire(operation)) {
      throw new AwsException(api.throttleCode(), "Rate exceeded");
    }
    try {
      JsonNode answer = op.invoke(input, ctx);
      return answer == null ? Json.object() : answer;
    } catch (AwsException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      log.error("{} {} failed", api.signingName(), operation, e);
      throw new AwsException("InternalServerError", "Internal failure: " + e, 500);
    }
  }

  // ---- Smithy RPC v2 CBOR ------------------------------------------------------------------

  private void handleCbor(
      HttpExchange ex,
      String serviceId,
      String operation,
      byte[] body,
      String[] scope,
      String requestId)
      throws IOException {
    ex.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
    JsonApi api =
        jsonApis.stream().filter(a -> a.targetPrefix().equals(serviceId)).findFirst().orElse(null);
    String service = api == null ? null : api.signingName();
    RequestContext ctx = context(scope, service, operation, requestId, ex);
    try {
      if (api == null) {
        throw new AwsException("UnknownOperationException", "Unknown service " + serviceId);
      }
      JsonNode parsed;
      try {
        parsed = CborCodec.read(body);
      } catch (IOException e) {
        throw new AwsException("SerializationException", "Malformed CBOR request body");
      }
      ObjectNode input = parsed.isObject() ? (ObjectNode) parsed : Json.object();
      JsonNode answer = invokeJson(api, operation, input, ctx);
      stats.record(service, operation, null);
      respond(ex, service, operation, 200, "application/cbor", requestId, CborCodec.write(answer));
    } catch (AwsException e) {
      stats.record(service, operation, e.code());
      ObjectNode error = Json.object().put("__type", e.type()).put("message", e.getMessage());
      if (api != null && api.queryCompatible()) {
        ex.getResponseHeaders()
            .add("x-amzn-query-error", e.code() + ";" + (e.senderFault() ? "Sender" : "Receiver"));
      }
      respond(
          ex,
          service,
          operation,
          e.httpStatus(),
          "application/cbor",
          requestId,
          CborCodec.write(error));
    }
  }

  // ---- EC2 Query / AWS Query ---------------------------------------------------------------

  private void handleQuery(HttpExchange ex, byte[] body, String[] scope, String requestId)
      throws IOException {
    String form = new String(body, StandardCharsets.UTF_8);
    String rawQuery = ex.getRequestURI().getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      form = form.isEmpty() ? rawQuery : rawQuery + "&" + form;
    }
    QueryApi api = null;
    QueryRequest request;
    String action = null;
    try {
      request = QueryRequest.parse(form);
      action = request.action();
      api = pickQueryApi(scope[1], action);
    } catch (AwsException e) {
      request = null;
    }
    QueryStyle style = api == null ? QueryStyle.AWS_QUERY : api.style();
    String namespace = api == null ? "" : api.namespace();
    String service = api == null ? scope[1] : api.signingName();
    RequestContext ctx = context(scope, service, action, requestId, ex);
    try {
      if (request == null) {
        throw AwsException.validation("Malformed request body");
      }
      if (action == null || action.isEmpty()) {
        throw new AwsException("MissingAction", "The request must contain the parameter Action");
      }
      if (api == null) {
        throw AwsException.invalidAction(action);
      }
      QueryOperation op = api.operations().get(action);
      if (op == null) {
        throw AwsException.invalidAction(action);
      }
      if (!knobs.tryAcquire(action)) {
        throw new AwsException(api.throttleCode(), "Rate exceeded");
      }
      XmlWriter out = new XmlWriter();
      try {
        op.invoke(request, out, ctx);
      } catch (AwsException e) {
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        log.error("{} {} failed", api.signingName(), action, e);
        throw new AwsException("InternalError", "Internal failure: " + e, 500);
      }
      String xml = style.wrap(action, namespace, out.toString(), ctx);
      stats.record(service, action, null);
      respond(
          ex, service, action, 200, "text/xml", requestId, xml.getBytes(StandardCharsets.UTF_8));
    } catch (AwsException e) {
      stats.record(service, action, e.code());
      String xml = style.error(e, namespace, ctx);
      respond(
          ex,
          service,
          action,
          e.httpStatus(),
          "text/xml",
          requestId,
          xml.getBytes(StandardCharsets.UTF_8));
    }
  }

  private QueryApi pickQueryApi(String signingName, String action) {
    if (signingName != null) {
      for (QueryApi api : queryApis) {
        if (api.signingName().equals(signingName)) {
          return api;
        }
      }
    }
    if (action != null) {
      for (QueryApi api : queryApis) {
        if (api.operations().containsKey(action)) {
          return api;
        }
      }
    }
    return null;
  }

  // ---- admin -------------------------------------------------------------------------------

  private void handleAdmin(HttpExchange ex, String path, byte[] body) throws IOException {
    String method = ex.getRequestMethod();
    try {
      AdminRoutes.Match match = admin.match(method, path);
      if (match == null) {
        throw AdminException.notFound("no admin route " + method + " " + path);
      }
      Map<String, String> vars = new LinkedHashMap<>();
      match.vars().forEach((k, v) -> vars.put(k, URLDecoder.decode(v, StandardCharsets.UTF_8)));
      AdminRequest request =
          new AdminRequest(method, path, vars, parseQuery(ex.getRequestURI().getRawQuery()), body);
      JsonNode answer = match.handler().handle(request);
      send(
          ex,
          200,
          "application/json",
          null,
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(answer == null ? Json.object().put("ok", true) : answer));
    } catch (AdminException e) {
      sendAdminError(ex, e.status(), e.getMessage());
    } catch (AwsException e) {
      sendAdminError(ex, 400, e.code() + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      sendAdminError(ex, 400, e.getMessage());
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      log.error("admin {} {} failed", method, path, e);
      sendAdminError(ex, 500, e.toString());
    }
  }

  private static void sendAdminError(HttpExchange ex, int status, String message)
      throws IOException {
    send(
        ex,
        status,
        "application/json",
        null,
        Json.MAPPER.writeValueAsBytes(Json.object().put("error", message)));
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    QueryRequest.parse(raw).all().forEach(out::put);
    return out;
  }

  /** Writes an AWS answer; one the client can no longer receive is counted as undelivered. */
  private void respond(
      HttpExchange ex,
      String service,
      String operation,
      int status,
      String contentType,
      String requestId,
      byte[] bytes)
      throws IOException {
    try {
      send(ex, status, contentType, requestId, bytes);
    } catch (IOException e) {
      stats.undelivered(service, operation);
      throw e;
    }
  }

  private static void send(
      HttpExchange ex, int status, String contentType, String requestId, byte[] bytes)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (requestId != null) {
      ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
      ex.getResponseHeaders().set("x-amz-request-id", requestId);
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
