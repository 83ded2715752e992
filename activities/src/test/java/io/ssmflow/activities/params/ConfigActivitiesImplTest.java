package io.ssmflow.activities.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.params.ChangeKind;
import io.ssmflow.workflows.params.ConfigActivities;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ParameterChange;
import io.ssmflow.workflows.params.ParameterKind;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/** Plan, write, restore and delete of config parameters through the simulator. */
class ConfigActivitiesImplTest {
  @RegisterExtension
  static final SimulatorFixture<ConfigActivities> FIXTURE =
      new SimulatorFixture<>(
          null, ConfigActivities.class, sim -> new ConfigActivitiesImpl(sim.ssm()));

  static final Map<String, String> TAGS =
      Map.of("Application", "shop", "Environment", "prod", "ManagedBy", "ssmflow");

  private static SsmClient ssm() {
    return FIXTURE.sim().ssm();
  }

  private static Parameter read(String name) {
    return ssm().getParameter(b -> b.name(name).withDecryption(true)).parameter();
  }

  private static Map<String, String> tagsOf(String name) {
    return ssm()
        .listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))
        .tagList()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static ConfigEntry plain(String name, String value) {
    return new ConfigEntry(name, value, ParameterKind.STRING);
  }

  private static ConfigEntry secret(String name, String value) {
    return new ConfigEntry(name, value, ParameterKind.SECURE_STRING);
  }

  @Test
  void planComparesDecryptedValuesAndTypes() {
    ConfigActivities config = FIXTURE.activities();
    config.write(plain("/plan/prod/db/host", "db1"), TAGS);
    config.write(secret("/plan/prod/db/password", "s3cret"), TAGS);
    config.write(plain("/plan/prod/api/token", "plain-token"), TAGS);

    List<ParameterChange> changes =
        config.plan(
            List.of(
                plain("/plan/prod/db/host", "db1"),
                secret("/plan/prod/db/password", "s3cret"),
                secret("/plan/prod/api/token", "plain-token"),
                plain("/plan/prod/db/port", "5432")));

    assertThat(changes)
        .extracting(ParameterChange::kind)
        .containsExactly(
            ChangeKind.UNCHANGED, ChangeKind.UNCHANGED, ChangeKind.CHANGE, ChangeKind.ADD);
    assertThat(changes.get(2).currentType()).isEqualTo(ParameterKind.STRING);
    assertThat(changes.get(2).currentVersion()).isEqualTo(1L);
    assertThat(changes.get(3).currentVersion()).isNull();
    assertThat(config.plan(List.of(secret("/plan/prod/db/password", "other"))).get(0).kind())
        .isEqualTo(ChangeKind.CHANGE);
  }

  @Test
  void planWorksOutsideAnActivityAndOverMoreThanTenNames() {
    ConfigActivitiesImpl direct = new ConfigActivitiesImpl(ssm());
    List<ConfigEntry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 23; i++) {
      entries.add(plain("/many/prod/k" + i, "v" + i));
    }
    FIXTURE.activities().write(entries.get(17), TAGS);
    List<ParameterChange> changes = direct.plan(entries);
    assertThat(changes).hasSize(23);
    assertThat(changes.stream().filter(c -> c.kind() == ChangeKind.UNCHANGED))
        .extracting(ParameterChange::name)
        .containsExactly("/many/prod/k17");
  }

  @Test
  void writeCreatesTaggedSecureStringsAndARetryAddsNoVersion() {
    ConfigActivities config = FIXTURE.activities();
    String name = "/write/prod/db/password";
    assertThat(config.write(secret(name, "pw-1"), TAGS)).isEqualTo(1L);
    assertThat(config.write(secret(name, "pw-1"), TAGS)).isEqualTo(1L);
    assertThat(read(name).type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(read(name).value()).isEqualTo("pw-1");
    assertThat(tagsOf(name)).containsAllEntriesOf(TAGS);

    assertThat(config.write(secret(name, "pw-2"), TAGS)).isEqualTo(2L);
    assertThat(read(name).value()).isEqualTo("pw-2");
    assertThat(tagsOf(name)).containsAllEntriesOf(TAGS);
  }

  @Test
  void overwritingAnUntaggedParameterTagsIt() {
    String name = "/tagme/prod/url";
    ssm().putParameter(b -> b.name(name).value("a").type(ParameterType.STRING));
    assertThat(FIXTURE.activities().write(plain(name, "b"), TAGS)).isEqualTo(2L);
    assertThat(tagsOf(name)).containsAllEntriesOf(TAGS);
  }

  @Test
  void restorePutsAnOldValueBackAsANewVersionAndStaysSecure() {
    ConfigActivities config = FIXTURE.activities();
    String name = "/restore/prod/db/password";
    config.write(secret(name, "first"), TAGS);
    config.write(secret(name, "second"), TAGS);

    assertThat(config.restore(name, 1)).isEqualTo(3L);
    assertThat(read(name).value()).isEqualTo("first");
    assertThat(read(name).type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(config.restore(name, 1)).as("idempotent").isEqualTo(3L);
  }

  @Test
  void restoreOfAMissingVersionFailsForGood() {
    ConfigActivities config = FIXTURE.activities();
    String name = "/restore/prod/missing";
    config.write(plain(name, "x"), TAGS);
    assertThatThrownBy(() -> config.restore(name, 9))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            c -> {
              assertThat(((ApplicationFailure) c).getType()).isEqualTo("VersionNotFound");
              assertThat(((ApplicationFailure) c).isNonRetryable()).isTrue();
              assertThat(((ApplicationFailure) c).getOriginalMessage())
                  .isEqualTo(name + " has no version 9 (versions kept: 1 to 1)");
            });
    assertThatThrownBy(() -> config.restore("/restore/prod/never", 1))
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            c ->
                assertThat(((ApplicationFailure) c).getOriginalMessage())
                    .isEqualTo("parameter /restore/prod/never does not exist"));
  }

  @Test
  void deleteIsIdempotent() {
    ConfigActivities config = FIXTURE.activities();
    config.write(plain("/delete/prod/x", "1"), TAGS);
    config.delete("/delete/prod/x");
    config.delete("/delete/prod/x");
    assertThat(config.plan(List.of(plain("/delete/prod/x", "1"))).get(0).kind())
        .isEqualTo(ChangeKind.ADD);
  }

  @Test
  void aRejectedWriteOfASecretDoesNotEchoTheValue() {
    String value = "x".repeat(5000) + "TOPSECRET";
    assertThatThrownBy(
            () -> FIXTURE.activities().write(secret("/big/prod/db/password", value), TAGS))
        .isInstanceOf(ActivityFailure.class)
        .satisfies(
            e -> {
              ApplicationFailure cause = (ApplicationFailure) e.getCause();
              assertThat(cause.isNonRetryable()).isTrue();
              assertThat(cause.getOriginalMessage())
                  .startsWith("PutParameter /big/prod/db/password" + " failed with")
                  .doesNotContain("TOPSECRET");
            });
  }
}
