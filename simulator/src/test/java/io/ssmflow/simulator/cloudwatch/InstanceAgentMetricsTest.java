package io.ssmflow.simulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

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

  @Test
  void theSweepListsTheInstancesDirectoryOnceAndStatsOnlyTheRootsThatCanExist(@TempDir Path state)
      throws Exception {
    Path instances = state.resolve("instances");
    Map<Path, Optional<Set<Path>>> listings = new HashMap<>();
    // No instance has a directory yet: nothing to stat.
    assertThat(InstanceAgentMetrics.hasRoot(instances.resolve("i-1/root"), listings)).isFalse();
    assertThat(listings).containsEntry(instances, Optional.of(Set.of()));

    Files.createDirectories(instances.resolve("i-1/root"));
    Files.createDirectories(instances.resolve("i-2"));
    Files.createDirectories(state.resolve("elsewhere"));
    Files.createSymbolicLink(instances.resolve("i-3"), state.resolve("elsewhere"));
    Files.createDirectories(instances.resolve("i-4"));
    Files.createSymbolicLink(instances.resolve("i-4/root"), state.resolve("elsewhere"));
    listings.clear();
    assertThat(InstanceAgentMetrics.hasRoot(instances.resolve("i-1/root"), listings)).isTrue();
    assertThat(InstanceAgentMetrics.hasRoot(instances.resolve("i-2/root"), listings)).isFalse();
    assertThat(InstanceAgentMetrics.hasRoot(instances.resolve("i-3/root"), listings)).isFalse();
    assertThat(InstanceAgentMetrics.hasRoot(instances.resolve("i-4/root"), listings))
        .as("a root planted as a link is not followed")
        .isFalse();
    assertThat(InstanceAgentMetrics.hasRoot(instances.resolve("i-5/root"), listings)).isFalse();
    assertThat(listings).hasSize(1);
    assertThat(InstanceAgentMetrics.hasRoot(null, listings)).isFalse();
  }

  @Test
  void anInstancesSpooledLinesBecomeMetricsBesideInstancesWithoutARoot() throws Exception {
    try (TestSimulator sim =
        TestSimulator.start(
            """
            instances:
              - {count: 50, namePrefix: bare, mode: simulated}
              - count: 1
                namePrefix: app
                mode: simulated
                files:
                  /var/lib/amazon-cloudwatch-agent/metrics: "ShopApp Errors 40 App=shop\\n"
            """)) {
      List<Metric> metrics = List.of();
      for (int i = 0; i < 50 && metrics.isEmpty(); i++) {
        Thread.sleep(100);
        metrics = sim.cloudWatch().listMetrics(r -> r.namespace("ShopApp")).metrics();
      }
      assertThat(metrics)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.metricName()).isEqualTo("Errors");
                assertThat(m.dimensions())
                    .singleElement()
                    .satisfies(d -> assertThat(d.name() + "=" + d.value()).isEqualTo("App=shop"));
              });
    }
  }
}
