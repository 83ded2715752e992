package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterOptionException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterValueException;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParametersFilter;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class DescribeParametersTest {
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    ssm = sim.ssm();
    ssm.putParameter(
        b ->
            b.name("/desc/shop/prod/db_password")
                .type(ParameterType.SECURE_STRING)
                .value("pw")
                .keyId("alias/shop")
                .description("database password")
                .tags(Tag.builder().key("team").value("payments").build()));
    ssm.putParameter(
        b ->
            b.name("/desc/shop/prod/db_url")
                .type(ParameterType.STRING)
                .value("jdbc")
                .allowedPattern("[a-z]+")
                .tags(Tag.builder().key("team").value("platform").build()));
    ssm.putParameter(
        b ->
            b.name("/desc/shop/staging/db_url")
                .type(ParameterType.STRING)
                .value("jdbc2")
                .tier(ParameterTier.ADVANCED));
    ssm.putParameter(
        b ->
            b.name("/desc/shop/hosts")
                .type(ParameterType.STRING_LIST)
                .value("a,b")
                .tags(Tag.builder().key("owner").value("ops").build()));
    ssm.putParameter(
        b ->
            b.name("/desc/image/golden")
                .type(ParameterType.STRING)
                .dataType("aws:ec2:image")
                .value("ami-0123456789abcdef0"));
    ssm.putParameter(b -> b.name("desc-root").type(ParameterType.STRING).value("r"));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<String> describe(ParameterStringFilter... filters) {
    return ssm.describeParametersPaginator(b -> b.parameterFilters(filters)).stream()
        .flatMap(r -> r.parameters().stream())
        .map(ParameterMetadata::name)
        .toList();
  }

  private static ParameterStringFilter filter(Consumer<ParameterStringFilter.Builder> spec) {
    ParameterStringFilter.Builder b = ParameterStringFilter.builder();
    spec.accept(b);
    return b.build();
  }

  @Test
  void answersMetadataAndNeverValues() {
    ParameterMetadata m =
        ssm.describeParameters(
                b ->
                    b.parameterFilters(
                        filter(f -> f.key("Name").values("/desc/shop/prod/db_password"))))
            .parameters()
            .get(0);
    assertThat(m.name()).isEqualTo("/desc/shop/prod/db_password");
    assertThat(m.arn()).endsWith(":parameter/desc/shop/prod/db_password");
    assertThat(m.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(m.keyId()).isEqualTo("alias/shop");
    assertThat(m.description()).isEqualTo("database password");
    assertThat(m.version()).isEqualTo(1L);
    assertThat(m.tier()).isEqualTo(ParameterTier.STANDARD);
    assertThat(m.dataType()).isEqualTo("text");
    assertThat(m.lastModifiedUser()).contains(":user/");
    assertThat(m.lastModifiedDate()).isNotNull();
    assertThat(m.toString()).doesNotContain("pw");
    assertThat(
            ssm.describeParameters(
                    b ->
                        b.parameterFilters(
                            filter(f -> f.key("Name").values("/desc/shop/prod/db_url"))))
                .parameters()
                .get(0)
                .allowedPattern())
        .isEqualTo("[a-z]+");
  }

  @Test
  void nameFilterEqualsBeginsWithAndContains() {
    assertThat(describe(filter(f -> f.key("Name").values("desc-root"))))
        .containsExactly("desc-root");
    assertThat(describe(filter(f -> f.key("Name").option("BeginsWith").values("/desc/shop/prod"))))
        .containsExactly("/desc/shop/prod/db_password", "/desc/shop/prod/db_url");
    assertThat(describe(filter(f -> f.key("Name").option("Contains").values("db_url"))))
        .containsExactly("/desc/shop/prod/db_url", "/desc/shop/staging/db_url");
  }

  @Test
  void pathFilterOneLevelOrRecursive() {
    assertThat(describe(filter(f -> f.key("Path").values("/desc/shop"))))
        .containsExactly("/desc/shop/hosts");
    assertThat(describe(filter(f -> f.key("Path").option("Recursive").values("/desc/shop"))))
        .containsExactly(
            "/desc/shop/hosts",
            "/desc/shop/prod/db_password",
            "/desc/shop/prod/db_url",
            "/desc/shop/staging/db_url");
    assertThat(describe(filter(f -> f.key("Path").values("/")))).containsExactly("desc-root");
  }

  @Test
  void typeKeyIdTierAndDataTypeFilters() {
    assertThat(describe(filter(f -> f.key("Type").values("StringList"))))
        .containsExactly("/desc/shop/hosts");
    assertThat(describe(filter(f -> f.key("KeyId").values("alias/shop"))))
        .containsExactly("/desc/shop/prod/db_password");
    assertThat(describe(filter(f -> f.key("Tier").values("Advanced"))))
        .containsExactly("/desc/shop/staging/db_url");
    assertThat(describe(filter(f -> f.key("DataType").values("aws:ec2:image"))))
        .containsExactly("/desc/image/golden");
    assertThat(
            describe(
                filter(f -> f.key("Type").values("String")),
                filter(f -> f.key("Path").option("Recursive").values("/desc/shop"))))
        .containsExactly("/desc/shop/prod/db_url", "/desc/shop/staging/db_url");
  }

  @Test
  void tagFiltersWithAndWithoutValues() {
    assertThat(describe(filter(f -> f.key("tag:team"))))
        .containsExactly("/desc/shop/prod/db_password", "/desc/shop/prod/db_url");
    assertThat(describe(filter(f -> f.key("tag:team").values("payments"))))
        .containsExactly("/desc/shop/prod/db_password");
    assertThat(describe(filter(f -> f.key("tag:team").option("BeginsWith").values("plat"))))
        .containsExactly("/desc/shop/prod/db_url");
  }

  @Test
  void legacyFiltersStillWork() {
    List<String> names =
        ssm
            .describeParameters(
                b ->
                    b.filters(
                        ParametersFilter.builder().key("Name").values("/desc/shop/prod").build()))
            .parameters()
            .stream()
            .map(ParameterMetadata::name)
            .toList();
    assertThat(names).containsExactly("/desc/shop/prod/db_password", "/desc/shop/prod/db_url");
    assertThat(
            ssm.describeParameters(
                    b ->
                        b.filters(
                            ParametersFilter.builder().key("Type").values("SecureString").build()))
                .parameters())
        .extracting(ParameterMetadata::name)
        .containsExactly("/desc/shop/prod/db_password");
  }

  @Test
  void filtersAndParameterFiltersAreExclusive() {
    assertThatThrownBy(
            () ->
                ssm.describeParameters(
                    b ->
                        b.filters(ParametersFilter.builder().key("Type").values("String").build())
                            .parameterFilters(filter(f -> f.key("Type").values("String")))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("either Filters or ParameterFilters");
  }

  @Test
  void badFiltersAreRejectedWithTheFilterErrors() {
    assertThatThrownBy(() -> describe(filter(f -> f.key("Label").values("prod"))))
        .isInstanceOf(InvalidFilterKeyException.class);
    assertThatThrownBy(
            () ->
                describe(
                    filter(f -> f.key("Type").values("String")),
                    filter(f -> f.key("Type").values("SecureString"))))
        .isInstanceOf(InvalidFilterKeyException.class)
        .hasMessageContaining("duplicated");
    assertThatThrownBy(() -> describe(filter(f -> f.key("Path").option("Equals").values("/desc"))))
        .isInstanceOf(InvalidFilterOptionException.class);
    assertThatThrownBy(
            () -> describe(filter(f -> f.key("Type").option("Contains").values("String"))))
        .isInstanceOf(InvalidFilterOptionException.class);
    assertThatThrownBy(() -> describe(filter(f -> f.key("Name"))))
        .isInstanceOf(InvalidFilterValueException.class);
    assertThatThrownBy(() -> describe(filter(f -> f.key("Type").values("Number"))))
        .isInstanceOf(InvalidFilterValueException.class);
    assertThatThrownBy(() -> describe(filter(f -> f.key("Colour").values("x"))))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void pagesWithMaxResults() {
    DescribeParametersResponse first = ssm.describeParameters(b -> b.maxResults(2));
    assertThat(first.parameters()).hasSize(2);
    assertThat(first.nextToken()).isNotNull();
    List<String> all =
        ssm.describeParametersPaginator(b -> b.maxResults(2)).stream()
            .flatMap(r -> r.parameters().stream())
            .map(ParameterMetadata::name)
            .toList();
    assertThat(all).hasSize(6).doesNotHaveDuplicates();
    assertThatThrownBy(() -> ssm.describeParameters(b -> b.maxResults(51)))
        .isInstanceOf(ValidationException.class);
  }
}
