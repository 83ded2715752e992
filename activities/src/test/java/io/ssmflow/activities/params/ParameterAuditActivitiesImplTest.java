package io.ssmflow.activities.params;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.params.FindingKind;
import io.ssmflow.workflows.params.ParameterAuditActivities;
import io.ssmflow.workflows.params.ParameterAuditFinding;
import io.ssmflow.workflows.params.ParameterAuditReport;
import io.ssmflow.workflows.params.ParameterAuditRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

/** The parameter audit's scan and remediation against the simulator. */
class ParameterAuditActivitiesImplTest {
  @RegisterExtension
  static final SimulatorFixture<ParameterAuditActivities> FIXTURE =
      new SimulatorFixture<>(
          null, ParameterAuditActivities.class, sim -> new ParameterAuditActivitiesImpl(sim.ssm()));

  private static SsmClient ssm() {
    return FIXTURE.sim().ssm();
  }

  private static void put(String name, String value, ParameterType type, String keyId) {
    ssm()
        .putParameter(
            b -> {
              b.name(name).value(value).type(type);
              if (keyId != null) {
                b.keyId(keyId);
              }
            });
  }

  private static ParameterAuditRequest request(String path, int staleDays) {
    return new ParameterAuditRequest(path, staleDays, List.of(), false, Duration.ofMinutes(5));
  }

  @Test
  void flagsEachKindAndCountsByTypeTierAndPrefix() {
    put("/corp/shop/db/password", "plain-pw", ParameterType.STRING, null);
    put("/corp/shop/db/host", "db1", ParameterType.STRING, null);
    put("/corp/shop/api/token", "t", ParameterType.SECURE_STRING, null);
    put(
        "/corp/shop/api/signing",
        "k",
        ParameterType.SECURE_STRING,
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    put("/corp/security/allowed-cidrs", "10.0.0.0/8", ParameterType.STRING_LIST, null);
    put("/corp/audit/retention", "365", ParameterType.STRING, null);
    put("/other/app/db/password", "x", ParameterType.STRING, null);

    ParameterAuditReport report =
        FIXTURE.activities().scan(request("/corp", 0), System.currentTimeMillis());

    assertThat(report.total()).isEqualTo(6);
    assertThat(report.byType())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("String", 3, "StringList", 1, "SecureString", 2));
    assertThat(report.byTier()).containsEntry("Standard", 6);
    assertThat(report.byPrefix())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("/corp/shop", 4, "/corp/security", 1, "/corp/audit", 1));
    assertThat(report.findings())
        .extracting(ParameterAuditFinding::name, ParameterAuditFinding::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "/corp/shop/db/password", FindingKind.SENSITIVE_NOT_ENCRYPTED),
            org.assertj.core.groups.Tuple.tuple(
                "/corp/shop/api/token", FindingKind.DEFAULT_KMS_KEY),
            org.assertj.core.groups.Tuple.tuple(
                "/corp/security/allowed-cidrs", FindingKind.UNENCRYPTED_PROTECTED_PATH),
            org.assertj.core.groups.Tuple.tuple(
                "/corp/audit/retention", FindingKind.UNENCRYPTED_PROTECTED_PATH));
    assertThat(report.findingCounts())
        .containsEntry(FindingKind.UNENCRYPTED_PROTECTED_PATH, 2)
        .doesNotContainKey(FindingKind.STALE);
    assertThat(report.remediable())
        .as("String only, StringList cannot be converted")
        .containsExactlyInAnyOrder("/corp/shop/db/password", "/corp/audit/retention");
    assertThat(report.recommendations())
        .hasSize(3)
        .anySatisfy(r -> assertThat(r).contains("customer managed KMS key"));
    assertThat(report.toString()).doesNotContain("plain-pw");
  }

  @Test
  void staleIsMeasuredAgainstTheGivenTime() {
    put("/stale/app/flag", "on", ParameterType.STRING, null);
    long in100Days = System.currentTimeMillis() + Duration.ofDays(100).toMillis();

    assertThat(
            FIXTURE
                .activities()
                .scan(request("/stale", 90), System.currentTimeMillis())
                .findingCounts())
        .doesNotContainKey(FindingKind.STALE);
    ParameterAuditReport later = FIXTURE.activities().scan(request("/stale/", 90), in100Days);
    assertThat(later.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FindingKind.STALE);
              assertThat(f.severity()).isEqualTo(FindingKind.Severity.LOW);
              assertThat(f.detail()).contains("more than 90 days");
            });
    assertThat(later.remediable()).isEmpty();
  }

  @Test
  void customPatternsReplaceTheDefaults() {
    put("/custom/app/db/password", "x", ParameterType.STRING, null);
    put("/custom/app/license", "y", ParameterType.STRING, null);
    ParameterAuditReport report =
        FIXTURE
            .activities()
            .scan(
                new ParameterAuditRequest("/custom", 0, List.of("licen[sc]e"), false, null),
                System.currentTimeMillis());
    assertThat(report.findings())
        .extracting(ParameterAuditFinding::name)
        .containsExactly("/custom/app/license");
  }

  @Test
  void convertKeepsValueAndTagsAndIsIdempotent() {
    put("/convert/app/db/password", "pw", ParameterType.STRING, null);
    ssm()
        .addTagsToResource(
            b ->
                b.resourceType(ResourceTypeForTagging.PARAMETER)
                    .resourceId("/convert/app/db/password")
                    .tags(t -> t.key("Owner").value("team")));
    put("/convert/app/list", "a,b", ParameterType.STRING_LIST, null);

    List<String> names =
        List.of("/convert/app/db/password", "/convert/app/list", "/convert/app/gone");
    assertThat(FIXTURE.activities().convertToSecure(names))
        .containsExactly("/convert/app/db/password");
    assertThat(FIXTURE.activities().convertToSecure(names))
        .containsExactly("/convert/app/db/password");

    var p =
        ssm()
            .getParameter(b -> b.name("/convert/app/db/password").withDecryption(true))
            .parameter();
    assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(p.value()).isEqualTo("pw");
    assertThat(p.version()).isEqualTo(2L);
    assertThat(
            ssm()
                .listTagsForResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.PARAMETER)
                            .resourceId("/convert/app/db/password"))
                .tagList())
        .hasSize(1);
  }
}
