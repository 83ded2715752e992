package io.ssmflow.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.core.TimestampNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol layer on its own: envelopes, error shapes, CBOR, gzip, throttling, admin. */
class SimHttpServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Knobs KNOBS = new Knobs();
  private static SimHttpServer server;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    AdminRoutes admin = new AdminRoutes();
    admin.add("GET", "/_sim/things/{id}", r -> Json.object().put("id", r.var("id")));
    server = new SimHttpServer(admin, KNOBS);
    JsonOperation echo =
        (input, ctx) ->
            Json.object()
                .put("region", ctx.region())
                .put("name", Json.requiredText(input, "Name"))
                .set("When", TimestampNode.of(Instant.ofEpochSecond(1_700_000_000)));
    JsonOperation boom =
        (input, ctx) -> {
          throw new IllegalStateException("bug");
        };
    server.register(
        new JsonApi(
            "ssm",
            "AmazonSSM",
            "ThrottlingException",
            Map.of("Echo", echo, "Boom", boom, "Limited", echo)));
    server.register(
        new JsonApi(
            "monitoring",
            "GraniteServiceVersion20100801",
            "Throttling",
            Map.of("Echo", echo),
            true));
    QueryOperation describe =
        (req, out, ctx) -> out.start("itemSet").leaf("item", req.list("Id").toString()).end();
    server.register(
        new QueryApi(
            "ec2",
            QueryStyle.EC2,
            "http://ec2.amazonaws.com/doc/2016-11-15/",
            "RequestLimitExceeded",
            Map.of("DescribeThings", describe)));
    QueryOperation fail =
        (req, out, ctx) -> {
          throw new AwsException("NotFound", "Topic does not exist", 404);
        };
    server.register(
        new QueryApi(
            "sns",
            QueryStyle.AWS_QUERY,
            "http://sns.amazonaws.com/doc/2010-03-31/",
            "Throttling",
            Map.of("Publish", fail)));
    var address = server.start("127.0.0.1", 0, 4);
    base = URI.create("http://127.0.0.1:" + address.getPort());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> post(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String sigv4(String service) {
    return "AWS4-HMAC-SHA256 Credential=test/20261127/eu-west-1/"
        + service
        + "/aws4_request, SignedHeaders=host, Signature=abc";
  }

  @Test
  void jsonOperationAnswersWithRegionFromCredentialScope() throws Exception {
    var r =
        post(
            "/",
            Map.of(
                "X-Amz-Target",
                "AmazonSSM.Echo",
                "Content-Type",
                "application/x-amz-json-1.1",
                "Authorization",
                sigv4("ssm")),
            "{\"Name\":\"x\"}".getBytes());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("region").asText()).isEqualTo("eu-west-1");
    assertThat(body.get("When").asDouble()).isEqualTo(1.7e9);
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void jsonErrorsUseTheJsonErrorShape() throws Exception {
    var missing = post("/", Map.of("X-Amz-Target", "AmazonSSM.Echo"), "{}".getBytes());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(missing.body()).get("__type").asText())
        .isEqualTo("ValidationException");

    var unknown = post("/", Map.of("X-Amz-Target", "AmazonSSM.Nope"), "{}".getBytes());
    assertThat(Json.MAPPER.readTree(unknown.body()).get("__type").asText())
        .isEqualTo("InvalidAction");

    var malformed = post("/", Map.of("X-Amz-Target", "AmazonSSM.Echo"), "{nope".getBytes());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(malformed.body()).get("__type").asText())
        .isEqualTo("SerializationException");

    var bug = post("/", Map.of("X-Amz-Target", "AmazonSSM.Boom"), "{}".getBytes());
    assertThat(bug.statusCode()).isEqualTo(500);
  }

  @Test
  void throttlesAboveTheConfiguredRate() throws Exception {
    KNOBS.tps("Limited", 1);
    try {
      int throttled = 0;
      for (int i = 0; i < 5; i++) {
        var r =
            post("/", Map.of("X-Amz-Target", "AmazonSSM.Limited"), "{\"Name\":\"x\"}".getBytes());
        if (r.statusCode() == 400) {
          assertThat(Json.MAPPER.readTree(r.body()).get("__type").asText())
              .isEqualTo("ThrottlingException");
          throttled++;
        }
      }
      assertThat(throttled).isGreaterThanOrEqualTo(3);
    } finally {
      KNOBS.tps("Limited", 0);
    }
  }

  @Test
  void cborRequestsAndAnswersCarryTimestampTags() throws Exception {
    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    byte[] request = cbor.writeValueAsBytes(Map.of("Name", "metric"));
    var r =
        post(
            "/service/GraniteServiceVersion20100801/operation/Echo",
            Map.of(
                "smithy-protocol",
                "rpc-v2-cbor",
                "Content-Type",
                "application/cbor",
                "Authorization",
                sigv4("monitoring")),
            request);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("smithy-protocol")).hasValue("rpc-v2-cbor");
    try (CBORParser p = new CBORFactory().createParser(r.body())) {
      boolean sawTag = false;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("When")) {
          p.nextToken();
          assertThat(p.getCurrentTag()).isEqualTo(1);
          assertThat(p.getDoubleValue()).isEqualTo(1.7e9);
          sawTag = true;
        }
      }
      assertThat(sawTag).isTrue();
    }
    var error =
        post(
            "/service/GraniteServiceVersion20100801/operation/Echo",
            Map.of("Content-Type", "application/cbor"),
            cbor.writeValueAsBytes(Map.of()));
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(cbor.readTree(error.body()).get("__type").asText()).isEqualTo("ValidationException");
    assertThat(error.headers().firstValue("x-amzn-query-error"))
        .hasValue("ValidationException;Sender");
  }

  @Test
  void gzipBodiesAreDecoded() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("{\"Name\":\"zipped\"}".getBytes());
    }
    var r =
        post(
            "/",
            Map.of("X-Amz-Target", "AmazonSSM.Echo", "Content-Encoding", "gzip"),
            bytes.toByteArray());
    assertThat(Json.MAPPER.readTree(r.body()).get("name").asText()).isEqualTo("zipped");
  }

  @Test
  void queryProtocolsPickTheServiceFromTheSigningName() throws Exception {
    var ok =
        post(
            "/",
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", sigv4("ec2")),
            "Action=DescribeThings&Version=2016-11-15&Id.1=a&Id.2=b".getBytes());
    String xml = new String(ok.body());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(xml)
        .contains(
            "<DescribeThingsResponse xmlns=\"http://ec2.amazonaws.com/doc/"
                + "2016-11-15/\"><requestId>")
        .contains("<itemSet><item>[a, b]</item></itemSet>");

    var unknown =
        post("/", Map.of("Authorization", sigv4("ec2")), "Action=RunInstances".getBytes());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(new String(unknown.body()))
        .contains("<Response><Errors><Error><Code>" + "InvalidAction</Code>");

    var snsError =
        post("/", Map.of("Authorization", sigv4("sns")), "Action=Publish&TopicArn=x".getBytes());
    assertThat(snsError.statusCode()).isEqualTo(404);
    assertThat(new String(snsError.body()))
        .contains(
            "<ErrorResponse xmlns=\"http://sns."
                + "amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>NotFound</Code>");
  }

  @Test
  void adminRoutesBindPathVariablesAndAnswer404And405() throws Exception {
    var ok =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/_sim/things/i-1")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(Json.MAPPER.readTree(ok.body()).get("id").asText()).isEqualTo("i-1");
    var missing =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/_sim/nothing")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    var wrongMethod =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/_sim/things/i-1")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
  }
}
