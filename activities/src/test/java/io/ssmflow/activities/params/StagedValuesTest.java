package io.ssmflow.activities.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.params.ChangeKind;
import io.ssmflow.workflows.params.ConfigActivities;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigPushRequest;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterChange;
import io.ssmflow.workflows.params.ParameterKind;
import io.ssmflow.workflows.params.StagedValue;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Secure values staged by the CLI: staged as SecureStrings under the staging root, the request left
 * with references only; the activities compare and write the staged value; discard deletes the
 * staging parameters (twice is fine).
 */
class StagedValuesTest {
  @RegisterExtension
  static final SimulatorFixture<ConfigActivities> FIXTURE =
      new SimulatorFixture<>(
          null, ConfigActivities.class, sim -> new ConfigActivitiesImpl(sim.ssm()));

  static final String PUSH = "params-push-vault-prod-20260101-000000000-abcdef";
  static final String SECRET = "s3cret-staged";

  private static SsmClient ssm() {
    return FIXTURE.sim().ssm();
  }

  private static Parameter read(String name) {
    return ssm().getParameter(b -> b.name(name).withDecryption(true)).parameter();
  }

  private static boolean exists(String name) {
    try {
      ssm().getParameter(b -> b.name(name));
      return true;
    } catch (ParameterNotFoundException e) {
      return false;
    }
  }

  private static ConfigPushRequest request() {
    return new ConfigPushRequest(
        "vault",
        "prod",
        List.of(
            new ConfigEntry("/vault/prod/db/host", "db1", ParameterKind.STRING),
            new ConfigEntry("/vault/prod/db/password", SECRET, ParameterKind.SECURE_STRING),
            new ConfigEntry("/vault/prod/api/token", "tok-1", ParameterKind.SECURE_STRING)),
        false,
        "25%");
  }

  @Test
  void stagedValuesAreWrittenComparedAndDiscardedWhileTheRequestCarriesNamesOnly() {
    List<String> staged = new ArrayList<>();
    ConfigPushRequest request = StagedValues.stage(ssm(), PUSH, request(), staged);

    assertThat(staged)
        .containsExactly(ConfigRules.stagingName(PUSH, 1), ConfigRules.stagingName(PUSH, 2));
    assertThat(request.stagedNames()).isEqualTo(staged);
    assertThat(request.entries()).extracting(ConfigEntry::value).containsExactly("db1", null, null);
    assertThat(request.entries().get(1).staged())
        .isEqualTo(new StagedValue(ConfigRules.stagingName(PUSH, 1), 1));
    ConfigRules.checkRequest(request);
    Parameter stagedPassword = read(ConfigRules.stagingName(PUSH, 1));
    assertThat(stagedPassword.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(stagedPassword.value()).isEqualTo(SECRET);

    ConfigActivities config = FIXTURE.activities();
    List<ParameterChange> plan = config.plan(request.entries());
    assertThat(plan).extracting(ParameterChange::kind).containsOnly(ChangeKind.ADD);
    for (ConfigEntry e : request.entries()) {
      config.write(e, Map.of("ManagedBy", "ssmflow"));
    }
    assertThat(read("/vault/prod/db/password").value()).isEqualTo(SECRET);
    assertThat(read("/vault/prod/db/password").type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(read("/vault/prod/api/token").value()).isEqualTo("tok-1");
    assertThat(config.plan(request.entries()))
        .extracting(ParameterChange::kind)
        .as("the staged value equals the stored one")
        .containsOnly(ChangeKind.UNCHANGED);
    assertThat(config.write(request.entries().get(1), Map.of()))
        .as("a retry writes nothing")
        .isEqualTo(1L);

    config.discardStaged(request.stagedNames());
    assertThat(staged).noneMatch(StagedValuesTest::exists);
    config.discardStaged(request.stagedNames());

    assertThatThrownBy(() -> config.plan(request.entries()))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("the staged value of /vault/prod/db/password")
        .hasMessageNotContaining(SECRET)
        .satisfies(
            e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("StagedValueMissing"));
  }

  @Test
  void discardLeavesNamesOutsideTheStagingRootAlone() {
    ssm().putParameter(b -> b.name("/keep/prod/x").value("x").type(ParameterType.STRING));
    FIXTURE.activities().discardStaged(List.of("/keep/prod/x"));
    assertThat(exists("/keep/prod/x")).isTrue();
  }

  @Test
  void anEntryHasEitherAValueOrAStagedValueOfASecureString() {
    assertThatThrownBy(() -> new ConfigEntry("/a/b/c", null, ParameterKind.SECURE_STRING, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ConfigEntry(
                    "/a/b/c",
                    "v",
                    ParameterKind.SECURE_STRING,
                    new StagedValue(ConfigRules.stagingName(PUSH, 1), 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ConfigEntry(
                    "/a/b/c",
                    null,
                    ParameterKind.STRING,
                    new StagedValue(ConfigRules.stagingName(PUSH, 1), 1)))
        .isInstanceOf(IllegalArgumentException.class);
    ConfigEntry outside =
        new ConfigEntry(
            "/a/b/c", null, ParameterKind.SECURE_STRING, new StagedValue("/a/b/other", 1));
    assertThatThrownBy(() -> ConfigRules.checkEntry(outside))
        .hasMessageContaining("is not a staging parameter");
  }
}
