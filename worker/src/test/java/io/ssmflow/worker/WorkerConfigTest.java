package io.ssmflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  @Test
  void defaults() {
    WorkerConfig c = WorkerConfig.fromEnvironment(Map.of());
    assertThat(c).isEqualTo(new WorkerConfig("127.0.0.1:7233", "default", "ssmflow"));
  }

  @Test
  void environmentOverridesDefaultsAndFlagsOverrideEnvironment() {
    WorkerConfig c =
        WorkerConfig.fromEnvironment(
            Map.of(
                "TEMPORAL_ADDRESS",
                "temporal:7233",
                "TEMPORAL_NAMESPACE",
                "ops",
                "SSMFLOW_TASK_QUEUE",
                "fleet",
                "AWS_REGION",
                "eu-west-1"));
    assertThat(c).isEqualTo(new WorkerConfig("temporal:7233", "ops", "fleet"));
    assertThat(c.withTemporalAddress("10.0.0.1:7233").withNamespace(null).withTaskQueue("q"))
        .isEqualTo(new WorkerConfig("10.0.0.1:7233", "ops", "q"));
  }

  @Test
  void codecKeyFileComesFromTheEnvironmentAndSurvivesFlagOverrides() {
    WorkerConfig c =
        WorkerConfig.fromEnvironment(Map.of("SSMFLOW_CODEC_KEY_FILE", " /etc/ssmflow/codec.key "));
    assertThat(c.codecKeyFile()).isEqualTo(Path.of("/etc/ssmflow/codec.key"));
    assertThat(c.withTemporalAddress("h:1").withNamespace("n").withTaskQueue("q").codecKeyFile())
        .isEqualTo(Path.of("/etc/ssmflow/codec.key"));
    assertThat(WorkerConfig.fromEnvironment(Map.of("SSMFLOW_CODEC_KEY_FILE", "")).codecKeyFile())
        .isNull();
  }

  @Test
  void blankVariablesFallBackToDefaults() {
    assertThat(
            WorkerConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", " ", "TEMPORAL_NAMESPACE", "")))
        .isEqualTo(WorkerConfig.fromEnvironment(Map.of()));
  }

  @Test
  void rejectsAnAddressWithoutPort() {
    assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", "temporal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Temporal address must be host:port, not 'temporal'");
    assertThatThrownBy(() -> new WorkerConfig("host:abc", "default", "q"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
