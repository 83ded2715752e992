package io.ssmflow.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** SNS messages and CloudWatch metrics through the simulator. */
class NotificationActivitiesImplTest {
  private static TestSimulator sim;
  private TestActivityEnvironment env;
  private NotificationActivities notify;

  @BeforeAll
  static void startSimulator() {
    sim = TestSimulator.start(null);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void setUp() {
    env = ActivityTesting.environment(new NotificationActivitiesImpl(sim.sns(), sim.cloudWatch()));
    notify = ActivityTesting.stub(env, NotificationActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void publishedMessagesReachTheTopicWithACleanSubject() {
    String topic = sim.sns().createTopic(b -> b.name("ssmflow-deploys")).topicArn();
    String longSubject = "Deployment shop 2.0.0 staging\nsucceeded " + "x".repeat(200);

    String messageId = notify.publish(topic, longSubject, "{\"outcome\":\"SUCCEEDED\"}");

    List<JsonNode> list = messages(topic);
    assertThat(list).hasSize(1);
    JsonNode m = list.get(0);
    assertThat(m.path("id").asText()).isEqualTo(messageId);
    assertThat(m.path("message").asText()).isEqualTo("{\"outcome\":\"SUCCEEDED\"}");
    assertThat(m.path("subject").asText())
        .hasSize(100)
        .startsWith("Deployment shop 2.0.0 staging succeeded")
        .doesNotContain("\n");
  }

  @Test
  void fifoTopicsGetAGroupAndADeduplicationId() {
    String topic =
        sim.sns()
            .createTopic(b -> b.name("ssmflow-events.fifo").attributes(Map.of("FifoTopic", "true")))
            .topicArn();

    notify.publish(topic, "fifo", "one");

    JsonNode m = messages(topic).get(0);
    assertThat(m.path("messageGroupId").asText()).isEqualTo("ssmflow");
    assertThat(m.path("messageDeduplicationId").asText()).isNotBlank();
  }

  private static List<JsonNode> messages(String topic) {
    JsonNode messages =
        sim.admin(
            "GET", "/_sim/sns/messages?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    List<JsonNode> list = new ArrayList<>();
    messages.path("messages").forEach(list::add);
    return list;
  }

  @Test
  void metricsLandWithTheirDimensionsInChunksOfOneThousand() {
    List<MetricDatum> data = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      data.add(new MetricDatum("InstancesSucceeded", 1, "Count"));
    }
    data.add(new MetricDatum("DeploymentSeconds", 42.5, "Seconds"));

    notify.putMetrics("ssmflow", Map.of("App", "shop", "Environment", "staging"), data);

    List<Dimension> dims =
        List.of(
            Dimension.builder().name("App").value("shop").build(),
            Dimension.builder().name("Environment").value("staging").build());
    Instant now = Instant.now();
    List<Datapoint> succeeded =
        sim.cloudWatch()
            .getMetricStatistics(
                b ->
                    b.namespace("ssmflow")
                        .metricName("InstancesSucceeded")
                        .dimensions(dims)
                        .startTime(now.minus(10, ChronoUnit.MINUTES))
                        .endTime(now.plus(1, ChronoUnit.MINUTES))
                        .period(3600)
                        .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT))
            .datapoints();
    assertThat(succeeded.stream().mapToDouble(Datapoint::sum).sum()).isEqualTo(1001.0);
    List<Datapoint> seconds =
        sim.cloudWatch()
            .getMetricStatistics(
                b ->
                    b.namespace("ssmflow")
                        .metricName("DeploymentSeconds")
                        .dimensions(dims)
                        .startTime(now.minus(10, ChronoUnit.MINUTES))
                        .endTime(now.plus(1, ChronoUnit.MINUTES))
                        .period(3600)
                        .statistics(Statistic.MAXIMUM))
            .datapoints();
    assertThat(seconds).singleElement().satisfies(d -> assertThat(d.maximum()).isEqualTo(42.5));
  }

  @Test
  void subjectsAreSanitisedForSns() {
    assertThat(NotificationActivitiesImpl.subject("déploy\tok ")).isEqualTo("d?ploy ok");
    assertThat(NotificationActivitiesImpl.subject(null)).isEmpty();
    assertThat(NotificationActivitiesImpl.dedupId("wf 1", "act#2")).isEqualTo("wf_1/act#2");
  }
}
