package io.ssmflow.activities.params;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/** Parameter Store reads and idempotent, tagged writes through the simulator. */
class ParameterActivitiesImplTest {
  private static TestSimulator sim;
  private TestActivityEnvironment env;
  private ParameterActivities params;

  @BeforeAll
  static void startSimulator() {
    sim = TestSimulator.start(null);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void setUp() {
    env = ActivityTesting.environment(new ParameterActivitiesImpl(sim.ssm()));
    params = ActivityTesting.stub(env, ParameterActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static Map<String, String> tagsOf(String name) {
    return sim
        .ssm()
        .listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))
        .tagList()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void aMissingParameterReadsAsNull() {
    assertThat(params.getString("/shop/nowhere/current-version")).isNull();
  }

  @Test
  void putCreatesTaggedParametersAndGetReadsThem() {
    Map<String, Long> versions =
        params.putStrings(
            Map.of(
                "/shop/staging/current-version",
                "2.0.0",
                "/shop/staging/previous-version",
                "1.9.0"),
            Map.of("Application", "shop"));

    assertThat(versions)
        .containsEntry("/shop/staging/current-version", 1L)
        .containsEntry("/shop/staging/previous-version", 1L);
    assertThat(params.getString("/shop/staging/current-version")).isEqualTo("2.0.0");
    assertThat(tagsOf("/shop/staging/current-version"))
        .containsEntry("ManagedBy", "ssmflow")
        .containsEntry("Application", "shop");
  }

  @Test
  void overwritingKeepsTheTagsAndARetryAddsNoVersion() {
    String name = "/shop/prod/current-version";
    params.putStrings(Map.of(name, "1.0.0"), Map.of("Application", "shop"));

    assertThat(params.putStrings(Map.of(name, "1.1.0"), Map.of("Other", "x")))
        .containsEntry(name, 2L);
    assertThat(params.putStrings(Map.of(name, "1.1.0"), Map.of())).containsEntry(name, 2L);

    assertThat(params.getString(name)).isEqualTo("1.1.0");
    assertThat(tagsOf(name))
        .containsEntry("ManagedBy", "ssmflow")
        .containsEntry("Application", "shop")
        .doesNotContainKey("Other");
    assertThat(sim.ssm().getParameterHistory(b -> b.name(name)).parameters()).hasSize(2);
  }
}
