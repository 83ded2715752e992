package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterOptionException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class GetParametersByPathTest {
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    ssm = sim.ssm();
    put("/path/app/prod/db_url", ParameterType.STRING, "jdbc:pg://prod");
    put("/path/app/prod/db_password", ParameterType.SECURE_STRING, "prod-secret");
    put("/path/app/prod/feature/flags", ParameterType.STRING_LIST, "a,b");
    put("/path/app/staging/db_url", ParameterType.STRING, "jdbc:pg://staging");
    put("/path/app/name", ParameterType.STRING, "shop");
    put("/path/apples", ParameterType.STRING, "not under /path/app");
    put("rootparam", ParameterType.STRING, "root level");
    for (int i = 0; i < 23; i++) {
      put(String.format("/path/many/p%02d", i), ParameterType.STRING, "v" + i);
    }
    ssm.putParameter(
        b ->
            b.name("/path/keyed/custom")
                .type(ParameterType.SECURE_STRING)
                .keyId("alias/custom")
                .value("k"));
    put("/path/keyed/default", ParameterType.SECURE_STRING, "d");
    put("/path/labels/a", ParameterType.STRING, "a1");
    ssm.putParameter(b -> b.name("/path/labels/a").value("a2").overwrite(true));
    ssm.labelParameterVersion(b -> b.name("/path/labels/a").parameterVersion(1L).labels("release"));
    put("/path/labels/b", ParameterType.STRING, "b1");
  }

  private static void put(String name, ParameterType type, String value) {
    ssm.putParameter(b -> b.name(name).type(type).value(value));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static ParameterStringFilter filter(String key, String option, String... values) {
    return ParameterStringFilter.builder().key(key).option(option).values(values).build();
  }

  private static List<String> names(GetParametersByPathResponse r) {
    return r.parameters().stream().map(Parameter::name).toList();
  }

  @Test
  void oneLevelAnswersDirectChildrenOnly() {
    GetParametersByPathResponse r = ssm.getParametersByPath(b -> b.path("/path/app/prod"));
    assertThat(names(r)).containsExactly("/path/app/prod/db_password", "/path/app/prod/db_url");
    assertThat(names(ssm.getParametersByPath(b -> b.path("/path/app/prod/"))))
        .containsExactly("/path/app/prod/db_password", "/path/app/prod/db_url");
  }

  @Test
  void recursiveAnswersTheWholeSubtree() {
    List<String> all =
        ssm.getParametersByPathPaginator(b -> b.path("/path/app").recursive(true)).stream()
            .flatMap(r -> r.parameters().stream())
            .map(Parameter::name)
            .toList();
    assertThat(all)
        .containsExactly(
            "/path/app/name",
            "/path/app/prod/db_password",
            "/path/app/prod/db_url",
            "/path/app/prod/feature/flags",
            "/path/app/staging/db_url");
  }

  @Test
  void rootPathAnswersSingleLevelNames() {
    assertThat(names(ssm.getParametersByPath(b -> b.path("/")))).containsExactly("rootparam");
  }

  @Test
  void secureValuesAreOpaqueUnlessDecrypted() {
    Parameter sealed = ssm.getParametersByPath(b -> b.path("/path/app/prod")).parameters().get(0);
    assertThat(sealed.value()).doesNotContain("prod-secret");
    Parameter open =
        ssm.getParametersByPath(b -> b.path("/path/app/prod").withDecryption(true))
            .parameters()
            .get(0);
    assertThat(open.value()).isEqualTo("prod-secret");
  }

  @Test
  void pagesWithNextTokenInStableOrder() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      GetParametersByPathResponse r =
          ssm.getParametersByPath(b -> b.path("/path/many").maxResults(5).nextToken(t));
      assertThat(r.parameters().size()).isLessThanOrEqualTo(5);
      r.parameters().forEach(p -> seen.add(p.name()));
      token = r.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(5);
    assertThat(seen).hasSize(23).isSorted().doesNotHaveDuplicates();
    // Default page size is 10.
    GetParametersByPathResponse first = ssm.getParametersByPath(b -> b.path("/path/many"));
    assertThat(first.parameters()).hasSize(10);
    assertThat(first.nextToken()).isNotNull();
  }

  @Test
  void aTokenIsOnlyValidForItsOwnPath() {
    String token = ssm.getParametersByPath(b -> b.path("/path/many").maxResults(2)).nextToken();
    assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("/path/app").nextToken(token)))
        .isInstanceOf(InvalidNextTokenException.class);
    assertThatThrownBy(
            () -> ssm.getParametersByPath(b -> b.path("/path/many").nextToken("garbage!")))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  void maxResultsIsOneToTen() {
    assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("/path/many").maxResults(11)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("less than or equal to 10");
    assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("/path/many").maxResults(0)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void filtersByTypeAndKeyId() {
    assertThat(
            names(
                ssm.getParametersByPath(
                    b ->
                        b.path("/path/app")
                            .recursive(true)
                            .parameterFilters(filter("Type", "Equals", "SecureString")))))
        .containsExactly("/path/app/prod/db_password");
    assertThat(
            names(
                ssm.getParametersByPath(
                    b ->
                        b.path("/path/keyed")
                            .parameterFilters(filter("KeyId", "Equals", "alias/custom")))))
        .containsExactly("/path/keyed/custom");
    assertThat(
            names(
                ssm.getParametersByPath(
                    b ->
                        b.path("/path/app")
                            .recursive(true)
                            .parameterFilters(filter("Type", "BeginsWith", "String")))))
        .containsExactly(
            "/path/app/name",
            "/path/app/prod/db_url",
            "/path/app/prod/feature/flags",
            "/path/app/staging/db_url");
  }

  @Test
  void labelFilterAnswersTheLabelledVersion() {
    GetParametersByPathResponse r =
        ssm.getParametersByPath(
            b -> b.path("/path/labels").parameterFilters(filter("Label", "Equals", "release")));
    assertThat(r.parameters())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("/path/labels/a");
              assertThat(p.version()).isEqualTo(1L);
              assertThat(p.value()).isEqualTo("a1");
            });
    assertThatThrownBy(
            () ->
                ssm.getParametersByPath(
                    b ->
                        b.path("/path/labels")
                            .parameterFilters(filter("Label", "BeginsWith", "rel"))))
        .isInstanceOf(InvalidFilterOptionException.class);
  }

  @Test
  void nameAndPathAndTagFiltersAreNotAllowedHere() {
    for (String key : new String[] {"Name", "Path", "Tier", "DataType", "tag:team"}) {
      ParameterStringFilter filter = ParameterStringFilter.builder().key(key).values("x").build();
      assertThatThrownBy(
              () -> ssm.getParametersByPath(b -> b.path("/path").parameterFilters(filter)))
          .as(key)
          .isInstanceOf(InvalidFilterKeyException.class)
          .hasMessageContaining("The following filter key is not valid: " + key);
    }
  }

  @Test
  void pathMustStartWithASlash() {
    assertThatThrownBy(
            () ->
                ssm.getParametersByPath(
                    GetParametersByPathRequest.builder().path("path/app").build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("must begin with a forward slash");
  }
}
