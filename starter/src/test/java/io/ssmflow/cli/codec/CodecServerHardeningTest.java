package io.ssmflow.cli.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.JsonFormat;
import io.ssmflow.cli.Json;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec server decrypts for whoever reaches it, so hostile requests get a short 4xx JSON and
 * nothing else: deep nesting (no StackOverflowError), huge bodies, foreign Host headers (DNS
 * rebinding), foreign Origins, missing tokens; an unknown key id does not reveal the key file's
 * path; off loopback it needs a token; a browser can sign in for the Web UI.
 */
class CodecServerHardeningTest {
  static final String ORIGIN = "http://localhost:8080";
  static final String TOKEN = "t0k3n-for-tests";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static Path keyFile;
  static CodecServer open;
  static CodecServer guarded;

  @BeforeAll
  static void start() throws Exception {
    keyFile = dir.resolve("secret-dir").resolve("codec.key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(
        keyFile, "current:" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    EncryptionCodec codec = new EncryptionCodec(CodecKeys.load(keyFile));
    open = CodecServer.start("127.0.0.1", 0, codec, Set.of(ORIGIN), null);
    guarded =
        CodecServer.start(
            new CodecServer.Settings(
                "127.0.0.1", 0, Set.of(ORIGIN), TOKEN, Set.of("codec.internal")),
            codec);
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  /**
   * A raw HTTP/1.1 exchange: status line and body. Reads the response by its Content-Length without
   * waiting for the server to close (it may wait for a body that never comes).
   */
  static String[] raw(CodecServer server, String head, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().write(body);
      InputStream in = s.getInputStream();
      StringBuilder headers = new StringBuilder();
      while (!headers.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        headers.append((char) c);
      }
      Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
      int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
      String text = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      return new String[] {headers.substring(0, headers.indexOf("\r\n")), text};
    }
  }

  static HttpResponse<String> post(CodecServer server, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.endpoint().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String error(String body) throws Exception {
    JsonNode n = Json.MAPPER.readTree(body);
    assertThat(n.has("error")).as(body).isTrue();
    return n.get("error").asText();
  }

  @Test
  void deeplyNestedJsonIsA400NotAStackOverflow() throws Exception {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    HttpResponse<String> r = post(open, "/decode", deep);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(error(r.body())).contains("nested deeper than 16 levels");

    String deepInside =
        "{\"payloads\":[{\"metadata\":"
            + "{\"a\":".repeat(50_000)
            + "1"
            + "}".repeat(50_000)
            + "}]}";
    assertThat(post(open, "/decode", deepInside).statusCode()).isEqualTo(400);
    // Brackets inside strings do not count.
    Payload p =
        DefaultDataConverter.STANDARD_INSTANCE.toPayload("[[[[[[[[[[[[[[[[[[[[[[[[").orElseThrow();
    String json =
        "{\"payloads\":[{\"metadata\":{\"encoding\":\""
            + Base64.getEncoder().encodeToString(p.getMetadataOrThrow("encoding").toByteArray())
            + "\"},\"data\":\""
            + Base64.getEncoder().encodeToString(p.getData().toByteArray())
            + "\",\"x\":\"[[[[[[[[["
            + "[[[[[[[[[[[[[[[[[[[[[\"}]}";
    assertThat(post(open, "/encode", json).statusCode()).isEqualTo(200);
    // The server is still there.
    assertThat(post(open, "/decode", "{\"payloads\":[]}").statusCode()).isEqualTo(200);
  }

  @Test
  void aHugeBodyIsA413() throws Exception {
    String[] declared =
        raw(
            open,
            "POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 4000000000\r\nConnection: close"
                + "\r\n\r\n",
            new byte[0]);
    assertThat(declared[0]).contains(" 413 ");
    assertThat(error(declared[1])).contains("request body over");

    byte[] big = new byte[CodecServer.MAX_BODY_BYTES + 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> streamed =
        HTTP.send(
            HttpRequest.newBuilder(open.endpoint().resolve("/decode"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).isEqualTo(413);
  }

  @Test
  void anUnknownKeyIdIsNamedWithoutTheKeyFilesPath() throws Exception {
    Payload foreign =
        new EncryptionCodec(CodecKeys.of(Map.of("elsewhere", new byte[32])))
            .encode(List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
            .get(0);
    String body = "{\"payloads\":[" + JsonFormat.printer().print(foreign) + "]}";
    HttpResponse<String> r = post(open, "/decode", body);
    assertThat(r.statusCode()).isEqualTo(400);
    String message = error(r.body());
    assertThat(message)
        .isEqualTo(
            "decode failed: payload 1 of 1 is encrypted with key id"
                + " 'elsewhere', which this codec server's key file (SSMFLOW_CODEC_KEY_FILE) does not"
                + " hold; give it the workers' key file, keeping old keys after a rotation");
    assertThat(r.body()).doesNotContain(keyFile.toString()).doesNotContain("secret-dir");

    Payload altered =
        new EncryptionCodec(
                CodecKeys.of(
                    Map.of(
                        "current",
                        new byte[] {
                          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                          1, 1, 1, 1, 1, 1, 1
                        })))
            .encode(List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
            .get(0);
    HttpResponse<String> wrongKey =
        post(open, "/decode", "{\"payloads\":[" + JsonFormat.printer().print(altered) + "]}");
    assertThat(error(wrongKey.body()))
        .contains("payload 1 of 1 (key id 'current') does not" + " decrypt")
        .doesNotContain(keyFile.toString());
  }

  @Test
  void everyErrorIsJson() throws Exception {
    assertThat(error(post(open, "/other", "{}").body())).contains("not found");
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(open.endpoint().resolve("/decode")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(error(get.body())).contains("use POST");
    HttpResponse<String> unauth = post(guarded, "/decode", "{}");
    assertThat(unauth.statusCode()).isEqualTo(401);
    assertThat(error(unauth.body())).contains("Bearer");
    assertThat(error(post(open, "/decode", "{not json").body())).contains("payloads");
  }

  @Test
  void aForeignHostOrOriginIsRefused() throws Exception {
    String[] rebound =
        raw(
            open,
            "POST /decode HTTP/1.1\r\nHost: attacker.example:8081\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n",
            "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(rebound[0]).contains(" 403 ");
    assertThat(error(rebound[1]))
        .startsWith("Host 'attacker.example:8081' is not a name of" + " this codec server");
    String[] allowed =
        raw(
            guarded,
            "POST /decode HTTP/1.1\r\nHost: codec.internal:8081\r\n"
                + "Authorization: Bearer "
                + TOKEN
                + "\r\nContent-Length: 2\r\nConnection: close\r\n"
                + "\r\n",
            "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(allowed[0]).contains(" 200 ");
    String[] localhost =
        raw(
            open,
            "POST /decode HTTP/1.1\r\nHost: localhost:8081\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n",
            "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(localhost[0]).contains(" 200 ");

    HttpResponse<String> foreign = post(open, "/decode", "{}", "Origin", "https://evil.example");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(post(open, "/decode", "{}", "Origin", ORIGIN).statusCode()).isEqualTo(200);
  }

  @Test
  void offLoopbackATokenIsRequired() {
    assertThatThrownBy(() -> new CodecServer.Settings("0.0.0.0", 0, Set.of(), null, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a bearer" + " token");
    new CodecServer.Settings("0.0.0.0", 0, Set.of(), TOKEN, Set.of());
    new CodecServer.Settings("127.0.0.1", 0, Set.of(), null, Set.of());
  }

  @Test
  void aBrowserSignsInOnceAndThenDecodesWithItsCookie() throws Exception {
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(guarded.endpoint().resolve("/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<form method=\"post\" action=\"/session\">");

    HttpResponse<String> wrong =
        HTTP.send(
            HttpRequest.newBuilder(guarded.endpoint().resolve("/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=nope"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> crossSite =
        HTTP.send(
            HttpRequest.newBuilder(guarded.endpoint().resolve("/session"))
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);

    HttpResponse<String> ok =
        HTTP.send(
            HttpRequest.newBuilder(guarded.endpoint().resolve("/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(TOKEN);
    String pair = cookie.substring(0, cookie.indexOf(';'));

    assertThat(
            post(guarded, "/decode", "{\"payloads\":[]}", "Origin", ORIGIN, "Cookie", pair)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            post(
                    guarded,
                    "/decode",
                    "{\"payloads\":[]}",
                    "Cookie",
                    BrowserSession.COOKIE + "=forged")
                .statusCode())
        .isEqualTo(401);
  }
}
