package io.ssmflow.workflows.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workflow ids of the params commands. */
class ParamsIdsTest {
  static final Instant NOW = Instant.parse("2026-11-27T09:05:01.234Z");

  static ConfigPushRequest push(String password) {
    return new ConfigPushRequest(
        "shop",
        "prod",
        List.of(new ConfigEntry("/shop/prod/db/password", password, ParameterKind.SECURE_STRING)),
        false,
        "25%");
  }

  @Test
  void aPushIdIsStampedAndDependsOnNoValue() {
    String id = ParamsIds.pushId(push("one"), NOW);
    assertThat(id).matches("params-push-shop-prod-20261127-090501234-[0-9a-f]{6}");
    assertThat(ParamsIds.pushId(push("two"), NOW)).isEqualTo(id);
    assertThat(ParamsIds.pushId(push("one"), NOW.plusMillis(1))).isNotEqualTo(id);
  }

  @Test
  void otherIds() {
    assertThat(ParamsIds.auditId("/shop/prod/")).isEqualTo("params-audit-shop-prod");
    assertThat(ParamsIds.auditId("/")).isEqualTo("params-audit-root");
    assertThat(ParamsIds.rollbackId("/shop/prod/db/host", 3))
        .isEqualTo("params-rollback-shop-prod-db-host-v3");
    assertThat(ParamsIds.rollbackOfPushId("params-push-x"))
        .isEqualTo("params-rollback-of-params-push-x");
    assertThat(ParamsIds.restartId("params-push-x")).isEqualTo("params-push-x/restart");
  }
}
