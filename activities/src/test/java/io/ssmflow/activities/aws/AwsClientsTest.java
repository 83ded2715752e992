package io.ssmflow.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clients built from the environment reach the endpoint it names. */
class AwsClientsTest {
  @Test
  void clientsFromTheEnvironmentTalkToTheSimulator() {
    try (TestSimulator sim =
            TestSimulator.start(
                """
        instances:
          - count: 2
            namePrefix: web
            mode: simulated
        """);
        AwsClients clients =
            AwsClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL", sim.endpoint().toString()))) {
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
}
