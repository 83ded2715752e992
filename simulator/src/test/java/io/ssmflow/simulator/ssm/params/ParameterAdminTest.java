package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class ParameterAdminTest {
  @Test
  void listsParametersWithoutValuesAndResetForgetsThem() {
    try (TestSimulator sim = TestSimulator.start(null)) {
      sim.ssm()
          .putParameter(
              b ->
                  b.name("/admin/app/db_password")
                      .type(ParameterType.SECURE_STRING)
                      .value("top-secret-value"));
      sim.ssm()
          .putParameter(
              b -> b.name("/admin/app/db_password").value("top-secret-2").overwrite(true));
      sim.ssm().labelParameterVersion(b -> b.name("/admin/app/db_password").labels("prod"));
      sim.ssm().putParameter(b -> b.name("/other/x").type(ParameterType.STRING).value("plain"));

      JsonNode all = sim.admin("GET", "/_sim/parameters");
      assertThat(all.get("count").asInt()).isEqualTo(2);
      assertThat(all.toString()).doesNotContain("top-secret").doesNotContain("plain");
      JsonNode first = all.get("parameters").get(0);
      assertThat(first.get("name").asText()).isEqualTo("/admin/app/db_password");
      assertThat(first.get("type").asText()).isEqualTo("SecureString");
      assertThat(first.get("version").asLong()).isEqualTo(2);
      assertThat(first.get("labels").get("2").get(0).asText()).isEqualTo("prod");

      JsonNode filtered = sim.admin("GET", "/_sim/parameters?prefix=/other");
      assertThat(filtered.get("count").asInt()).isEqualTo(1);

      sim.admin("POST", "/_sim/reset");
      assertThat(sim.admin("GET", "/_sim/parameters").get("count").asInt()).isZero();
      assertThatThrownBy(() -> sim.ssm().getParameter(b -> b.name("/other/x")))
          .isInstanceOf(ParameterNotFoundException.class);
    }
  }
}
