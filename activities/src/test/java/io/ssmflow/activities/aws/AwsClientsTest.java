package io.ssmflow.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clients built from the environment reach the endpoint it names. */
class AwsClientsTest {
  @Test
  void clientsFromTheEnvironmentTalkToTheSimulator() {
    try (TestSimulator sim = twoInstances();
        AwsClients clients = fromEnvironmentOf(sim)) {
      assertThat(
              clients.ec2().describeInstances().reservations().stream()
                  .mapToInt(r -> r.instances().size())
                  .sum())
          .isEqualTo(2);
      assertThat(clients.ssm().describeInstanceInformation().instanceInformationList()).hasSize(2);
      assertThat(clients.sns().listTopics().topics()).isEmpty();
      assertThat(clients.cloudWatch().listMetrics().metrics()).isEmpty();
    }
  }

  @Test
  void warmingUpReadsEc2AndSsmOnceAndChangesNothing() {
    try (TestSimulator sim = twoInstances();
        AwsClients clients = fromEnvironmentOf(sim)) {
      sim.admin("POST", "/_sim/stats/reset");

      assertThat(clients.warmUp()).isEmpty();

      JsonNode calls = sim.admin("GET", "/_sim/stats").get("calls");
      assertThat(calls.size()).as("calls %s", calls).isEqualTo(2);
      assertThat(calls.get("ec2:DescribeInstances").asLong()).isEqualTo(1);
      assertThat(calls.get("ssm:DescribeInstanceInformation").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aWarmUpThatCannotReachAwsReportsEachCallAndDoesNotThrow() {
    try (AwsClients clients =
        AwsClients.create(
            new AwsSettings(
                "us-east-1",
                null,
                URI.create("http://127.0.0.1:1"), // nothing listens on port 1
                null,
                null,
                Duration.ofSeconds(3),
                Duration.ofSeconds(1)))) {
      List<String> problems = clients.warmUp();

      assertThat(problems).hasSize(2);
      assertThat(problems.get(0)).startsWith("ec2:DescribeInstances: ");
      assertThat(problems.get(1)).startsWith("ssm:DescribeInstanceInformation: ");
    }
  }

  private static TestSimulator twoInstances() {
    return TestSimulator.start(
        """
        instances:
          - count: 2
            namePrefix: web
            mode: simulated
        """);
  }

  private static AwsClients fromEnvironmentOf(TestSimulator sim) {
    return AwsClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL", sim.endpoint().toString()));
  }
}
