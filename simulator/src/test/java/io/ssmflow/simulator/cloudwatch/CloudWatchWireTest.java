package io.ssmflow.simulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.core.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire forms the SDK v2 tests do not exercise: AWS JSON 1.0 (CLI v1, boto3) with the
 * query-compatible error headers, and the older AWS Query form.
 */
class CloudWatchWireTest {
  private static final String AUTH =
      "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
          + "monitoring/aws4_request, SignedHeaders=host, Signature=0";
  private static TestSimulator sim;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static HttpResponse<String> json(String op, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(sim.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "GraniteServiceVersion20100801." + op)
            .header("Authorization", AUTH)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> query(String form) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(sim.endpoint().resolve("/"))
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header("Authorization", AUTH)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jsonErrorsCarryTheShapeAndTheQueryCode() throws Exception {
    HttpResponse<String> r =
        json(
            "PutMetricData",
            "{\"Namespace\":\"AWS/EC2\",\"MetricData\":[{\"MetricName\":\"x\",\"Value\":1}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("__type").asText()).isEqualTo("InvalidParameterValueException");
    assertThat(body.get("message").asText())
        .isEqualTo("The value AWS/EC2 for parameter Namespace is invalid.");
    assertThat(r.headers().firstValue("x-amzn-query-error"))
        .hasValue("InvalidParameterValue;Sender");

    HttpResponse<String> ok = json("ListMetrics", "{}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(ok.body()).has("Metrics")).isTrue();

    HttpResponse<String> unknown =
        json(
            "SetAlarmState",
            "{\"AlarmName\":\"nope\",\"StateValue\":\"OK\",\"StateReason\":\"x\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-amzn-query-error"))
        .hasValue("ResourceNotFound;Sender");
  }

  @Test
  void queryFormInAndXmlOut() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<String> put =
        query(
            "Action=PutMetricData&Version=2010-08-01&Namespace=Q"
                + "&MetricData.member.1.MetricName=m&MetricData.member.1.Value=4"
                + "&MetricData.member.1.Dimensions.member.1.Name=h"
                + "&MetricData.member.1.Dimensions.member.1.Value=a"
                + "&MetricData.member.2.MetricName=m&MetricData.member.2.Value=6"
                + "&MetricData.member.2.Dimensions.member.1.Name=h"
                + "&MetricData.member.2.Dimensions.member.1.Value=a");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.body())
        .contains(
            "<PutMetricDataResponse xmlns=\""
                + "http://monitoring.amazonaws.com/doc/2010-08-01/\">");

    HttpResponse<String> stats =
        query(
            "Action=GetMetricStatistics&Version=2010-08-01"
                + "&Namespace=Q&MetricName=m&Dimensions.member.1.Name=h&Dimensions.member.1.Value=a"
                + "&StartTime="
                + java.time.Instant.ofEpochSecond(now - 600)
                + "&EndTime="
                + java.time.Instant.ofEpochSecond(now + 600)
                + "&Period=1200&Statistics.member.1=Sum&Statistics.member.2=Average");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.body())
        .contains("<GetMetricStatisticsResult><Label>m</Label><Datapoints>" + "<member><Timestamp>")
        .contains("<Sum>10.0</Sum>")
        .contains("<Average>5.0</Average>")
        .contains("<Unit>None</Unit>");

    HttpResponse<String> bad =
        query(
            "Action=PutMetricData&Version=2010-08-01&Namespace=AWS/X"
                + "&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("<Type>Sender</Type><Code>InvalidParameterValue</Code>");
  }
}
