package io.ssmflow.cli.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The codec server over HTTP, as the Temporal Web UI and CLI call it. */
class CodecServerTest {
  static final String ORIGIN = "http://localhost:8080";
  static final String TOKEN = "s3cr3t-token";
  static final String SECRET = "db-password-hunter2";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static CodecServer open;
  static CodecServer guarded;
  static EncryptionCodec codec;

  @BeforeAll
  static void start() throws Exception {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put("current", bytes(1));
    keys.put("previous", bytes(2));
    codec = new EncryptionCodec(CodecKeys.of(keys));
    open = CodecServer.start("127.0.0.1", 0, codec, Set.of(ORIGIN), null);
    guarded = CodecServer.start("127.0.0.1", 0, codec, Set.of(ORIGIN), TOKEN);
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  static byte[] bytes(int seed) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) seed);
    return k;
  }

  static String payloadsJson(Payload... payloads) throws Exception {
    return JsonFormat.printer()
        .print(Payloads.newBuilder().addAllPayloads(java.util.List.of(payloads)).build());
  }

  static String uiJson(Payload p) {
    Base64.Encoder b64 = Base64.getEncoder();
    return "{\"metadata\":{\"encoding\":\""
        + b64.encodeToString(p.getMetadataOrThrow("encoding").toByteArray())
        + "\"},\"data\":\""
        + b64.encodeToString(p.getData().toByteArray())
        + "\"}";
  }

  static Payloads parse(String json) throws Exception {
    Payloads.Builder b = Payloads.newBuilder();
    JsonFormat.parser().merge(json, b);
    return b.build();
  }

  static HttpResponse<String> post(CodecServer server, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.endpoint().resolve(path))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .header("Origin", ORIGIN)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void decodeOfEncodeIsTheIdentityAndTheWireShapeIsProtobufJson() throws Exception {
    Payload a =
        DefaultDataConverter.STANDARD_INSTANCE.toPayload(Map.of("password", SECRET)).orElseThrow();
    Payload b = DefaultDataConverter.STANDARD_INSTANCE.toPayload(42).orElseThrow();
    // The exact JSON the Web UI sends: metadata values and data in base64.
    String body = "{\"payloads\":[" + uiJson(a) + "," + uiJson(b) + "]}";
    assertThat(parse(body).getPayloadsList()).containsExactly(a, b);

    HttpResponse<String> encoded = post(open, "/encode", body);
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(encoded.body())
        .doesNotContain(SECRET)
        .doesNotContain(Base64.getEncoder().encodeToString(a.getData().toByteArray()));
    Payloads sealed = parse(encoded.body());
    assertThat(sealed.getPayloadsList())
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(EncryptionCodec.isEncrypted(p)).isTrue();
              assertThat(p.getMetadataOrThrow("encryption-key-id").toStringUtf8())
                  .isEqualTo("current");
            });

    HttpResponse<String> decoded = post(open, "/decode", encoded.body());
    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(parse(decoded.body()).getPayloadsList()).containsExactly(a, b);
    assertThat(parse(decoded.body()).getPayloads(0).getData().toStringUtf8()).contains(SECRET);
  }

  @Test
  void onlyTheLastPathSegmentCountsAndPlainPayloadsPassThroughDecode() throws Exception {
    Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload("old").orElseThrow();
    Payload underPrevious =
        new EncryptionCodec(CodecKeys.of(Map.of("previous", bytes(2))))
            .encode(
                java.util.List.of(
                    DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow()))
            .get(0);
    HttpResponse<String> r =
        post(open, "/codec/default/decode", payloadsJson(plain, underPrevious));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(parse(r.body()).getPayloadsList())
        .containsExactly(
            plain, DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow());
    assertThat(post(open, "/decode", "{}").statusCode()).isEqualTo(200);
    assertThat(parse(post(open, "/decode", "{}").body()).getPayloadsCount()).isZero();
  }

  @Test
  void corsPreflightAnswersTheUiOriginOnly() throws Exception {
    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(guarded.endpoint().resolve("/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    var h = preflight.headers();
    assertThat(h.firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(h.firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(h.firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .contains("Authorization")
                    .contains("X-Namespace")
                    .contains("Content-Type"));
    assertThat(h.firstValue("Access-Control-Allow-Methods"))
        .hasValueSatisfying(v -> assertThat(v).contains("POST"));

    HttpResponse<String> other =
        HTTP.send(
            HttpRequest.newBuilder(open.endpoint().resolve("/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    // the actual response carries the CORS headers too, or the browser drops it
    HttpResponse<String> post = post(open, "/decode", "{\"payloads\":[]}");
    assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
  }

  @Test
  void tokenIsRequiredWhenConfigured() throws Exception {
    String body =
        payloadsJson(DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow());
    HttpResponse<String> none = post(guarded, "/encode", body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).doesNotContain(SECRET);
    assertThat(none.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(post(guarded, "/encode", body, "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(post(guarded, "/encode", body, "Authorization", TOKEN).statusCode()).isEqualTo(401);
    HttpResponse<String> ok = post(guarded, "/encode", body, "Authorization", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(post(guarded, "/decode", ok.body(), "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
  }

  @Test
  void badRequests() throws Exception {
    HttpResponse<String> notJson = post(open, "/decode", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("payloads");
    assertThat(post(open, "/decode", "").statusCode()).isEqualTo(400);
    assertThat(post(open, "/decode", "{\"payloads\":[{\"data\":\"!!notbase64!!\"}]}").statusCode())
        .isEqualTo(400);
    assertThat(post(open, "/decode", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(post(open, "/other", "{}").statusCode()).isEqualTo(404);
    assertThat(
            HTTP.send(
                    HttpRequest.newBuilder(open.endpoint().resolve("/decode")).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(405);

    Payload foreign =
        new EncryptionCodec(CodecKeys.of(Map.of("elsewhere", bytes(9))))
            .encode(
                java.util.List.of(
                    Payload.newBuilder()
                        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                        .setData(ByteString.copyFromUtf8("\"x\""))
                        .build()))
            .get(0);
    HttpResponse<String> unknownKey = post(open, "/decode", payloadsJson(foreign));
    assertThat(unknownKey.statusCode()).isEqualTo(400);
    assertThat(unknownKey.body()).contains("key id 'elsewhere'").contains("SSMFLOW_CODEC_KEY_FILE");
  }
}
