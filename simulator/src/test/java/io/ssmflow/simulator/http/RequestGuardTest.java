package io.ssmflow.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A web page must not reach the simulator: a foreign Host (DNS rebinding) is refused, so is any
 * request carrying an Origin, and admin POSTs need a JSON content type (a text/plain or form POST,
 * which a page can send without a preflight, is refused). The AWS SDKs and CLIs send Host with the
 * port and no Origin, so they pass.
 */
class RequestGuardTest {
  private static TestSimulator sim;
  private static int port;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start("instances: [{name: web-1, mode: simulated}]");
    port = sim.endpoint().getPort();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  /** The status line and body of a raw HTTP/1.1 request (any Host header, even none). */
  private static String[] raw(String method, String path, String body, String... headers)
      throws IOException {
    StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    for (String h : headers) {
      req.append(h).append("\r\n");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    req.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().write(bytes);
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = response.indexOf("\r\n\r\n");
      return new String[] {
        response.substring(0, response.indexOf("\r\n")),
        split < 0 ? "" : response.substring(split + 4)
      };
    }
  }

  private static String host(String name) {
    return "Host: " + name;
  }

  @Test
  void loopbackNamesWithAnyPortAreAnswered() throws Exception {
    for (String h :
        new String[] {
          "127.0.0.1:" + port,
          "localhost:" + port,
          "LOCALHOST",
          "[::1]:" + port,
          "127.0.0.2:9999",
          "localhost."
        }) {
      assertThat(raw("GET", "/_sim/health", "", host(h))[0]).as(h).endsWith("200 OK");
    }
  }

  @Test
  void aForeignHostIsRefusedBeforeAnythingRuns() throws Exception {
    String sendCommand =
        "{\"DocumentName\": \"AWS-RunShellScript\", \"InstanceIds\": [\""
            + sim.simulator().fleet().instanceByIdOrName("web-1").orElseThrow().id()
            + "\"], \"Parameters\": {\"commands\": [\"touch /tmp/rebound\"]}}";
    String[] r =
        raw(
            "POST",
            "/",
            sendCommand,
            host("attacker.example:" + port),
            "X-Amz-Target: AmazonSSM.SendCommand",
            "Content-Type: application/x-amz-json-1.1");
    assertThat(r[0]).endsWith("403 Forbidden");
    JsonNode body = Json.MAPPER.readTree(r[1]);
    assertThat(body.get("error").asText())
        .startsWith("Host 'attacker.example:" + port + "' is not a name of this simulator");
    assertThat(sim.ssm().listCommands().commands()).isEmpty();

    assertThat(raw("GET", "/_sim/health", "", host("127.0.0.1.attacker.example"))[0])
        .endsWith("403 Forbidden");
    assertThat(raw("GET", "/_sim/health", "", host("localhost:80:80"))[0])
        .endsWith("400 Bad Request");
    assertThat(raw("GET", "/_sim/health", "", host("evil.example@localhost"))[0])
        .endsWith("400 Bad Request");
  }

  @Test
  void aRequestWithoutHostIsRefused() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write("GET /_sim/health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400").contains("a Host header is required");
    }
  }

  @Test
  void browserOriginsAreRefusedOnTheAdminApiAndTheAwsApis() throws Exception {
    String local = host("127.0.0.1:" + port);
    String[] reset =
        raw(
            "POST",
            "/_sim/reset",
            "{}",
            local,
            "Origin: https://attacker.example",
            "Content-Type: application/json");
    assertThat(reset[0]).endsWith("403 Forbidden");
    assertThat(reset[1])
        .contains("requests from web pages (Origin: https://attacker.example)" + " are refused");
    assertThat(sim.simulator().fleet().size()).isEqualTo(1);

    String[] read = raw("GET", "/_sim/instances/web-1/files?path=/opt", "", local, "Origin: null");
    assertThat(read[0]).endsWith("403 Forbidden");

    // An EC2 Query form POST is what a cross-site <form> can send.
    String[] stop =
        raw(
            "POST",
            "/",
            "Action=StopInstances&InstanceId.1=x",
            local,
            "Origin: http://localhost:8080",
            "Content-Type: application/x-www-form-urlencoded");
    assertThat(stop[0]).endsWith("403 Forbidden");
  }

  @Test
  void adminPostsNeedAJsonContentType() throws Exception {
    String local = host("localhost:" + port);
    for (String type :
        new String[] {
          "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"
        }) {
      String[] r =
          raw(
              "POST",
              "/_sim/instances/web-1/files",
              "{\"path\": \"/opt/x\", \"content\": \"x\"}",
              local,
              "Content-Type: " + type);
      assertThat(r[0]).as(type).endsWith("415 Unsupported Media Type");
      assertThat(r[1]).contains("admin POSTs need Content-Type: application/json");
    }
    String[] none = raw("POST", "/_sim/reset", "", local);
    assertThat(none[0]).endsWith("415 Unsupported Media Type");
    assertThat(sim.simulator().fleet().size()).isEqualTo(1);

    String[] json =
        raw(
            "POST",
            "/_sim/instances/web-1/files",
            "{\"path\": \"/opt/x\", \"content\": \"x\"}",
            local,
            "Content-Type: application/json; charset=utf-8");
    assertThat(json[0]).endsWith("200 OK");
    String[] yamlFleet =
        raw(
            "POST",
            "/_sim/fleet",
            "instances: [{name: web-2, mode: simulated}]",
            local,
            "Content-Type: application/yaml");
    assertThat(yamlFleet[0]).endsWith("200 OK");
    String[] yamlElsewhere =
        raw("POST", "/_sim/knobs", "tps: {}", local, "Content-Type: application/yaml");
    assertThat(yamlElsewhere[0]).endsWith("415 Unsupported Media Type");
  }

  @Test
  void hostNamesAreParsedStrictly() {
    assertThat(RequestGuard.hostName("LocalHost:4566")).isEqualTo("localhost");
    assertThat(RequestGuard.hostName("[::1]:4566")).isEqualTo("::1");
    assertThat(RequestGuard.hostName("[::1]")).isEqualTo("::1");
    assertThat(RequestGuard.hostName("::1")).isNull();
    assertThat(RequestGuard.hostName("a b")).isNull();
    assertThat(RequestGuard.hostName("x:99999999")).isNull();
    RequestGuard guard = new RequestGuard("0.0.0.0", Set.of("simulator"));
    assertThat(guard.check("GET", "/", "simulator:4566", null, null)).isNull();
    assertThat(guard.check("GET", "/", "0.0.0.0:4566", null, null).status()).isEqualTo(403);
    RequestGuard bound = new RequestGuard("10.1.2.3", Set.of());
    assertThat(bound.check("GET", "/", "10.1.2.3:4566", null, null)).isNull();
  }

  @Test
  void aGzipBombIsA413() throws Exception {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(packed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 40; i++) {
        gz.write(zeros);
      }
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(sim.endpoint().resolve("/"))
                    .header("Content-Encoding", "gzip")
                    .header("X-Amz-Target", "AmazonSSM.ListCommands")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("request body over");
  }
}
