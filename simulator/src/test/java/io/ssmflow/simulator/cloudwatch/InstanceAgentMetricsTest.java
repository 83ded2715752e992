package io.ssmflow.simulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceAgentMetricsTest {
  @Test
  void aSpoolLineIsNamespaceMetricValueAndDimensions() {
    assertThat(InstanceAgentMetrics.parse("ShopApp Errors 40 App=shop Environment=staging"))
        .isEqualTo(
            new MetricId(
                "us-east-1",
                "ShopApp",
                "Errors",
                List.of(new Dimension("App", "shop"), new Dimension("Environment", "staging"))));
    assertThat(InstanceAgentMetrics.parse("  ShopApp Latency 0.25 "))
        .isEqualTo(new MetricId("us-east-1", "ShopApp", "Latency", List.of()));
  }

  @Test
  void aLineThatIsNotAMetricIsIgnored() {
    assertThat(InstanceAgentMetrics.parse("")).isNull();
    assertThat(InstanceAgentMetrics.parse("ShopApp Errors")).isNull();
    assertThat(InstanceAgentMetrics.parse("ShopApp Errors many")).isNull();
    assertThat(InstanceAgentMetrics.parse("ShopApp Errors NaN")).isNull();
    assertThat(InstanceAgentMetrics.parse("ShopApp Errors 1 App")).isNull();
    assertThat(InstanceAgentMetrics.parse("ShopApp Errors 1 =shop")).isNull();
  }
}
