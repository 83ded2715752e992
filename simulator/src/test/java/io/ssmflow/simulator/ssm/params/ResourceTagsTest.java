package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Instance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceTypeException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.TooManyTagsErrorException;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class ResourceTagsTest {
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim =
        TestSimulator.start(
            """
        instances:
          - name: web-1
            tags: {Environment: staging}
        """);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static List<Tag> parameterTags(String name) {
    return ssm.listTagsForResource(
            b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))
        .tagList();
  }

  @Test
  void addsListsAndRemovesParameterTags() {
    ssm.putParameter(
        b -> b.name("/tags/app").type(ParameterType.STRING).value("x").tags(tag("team", "core")));
    ssm.addTagsToResource(
        b ->
            b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/app")
                .tags(tag("env", "prod"), tag("team", "platform")));
    assertThat(parameterTags("/tags/app"))
        .containsExactly(tag("team", "platform"), tag("env", "prod"));
    ssm.removeTagsFromResource(
        b ->
            b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/app")
                .tagKeys("team", "absent"));
    assertThat(parameterTags("/tags/app")).containsExactly(tag("env", "prod"));
  }

  @Test
  void unknownParameterIsInvalidResourceId() {
    assertThatThrownBy(() -> parameterTags("/tags/none"))
        .isInstanceOf(InvalidResourceIdException.class);
    assertThatThrownBy(
            () ->
                ssm.addTagsToResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.PARAMETER)
                            .resourceId("/tags/none")
                            .tags(tag("a", "b"))))
        .isInstanceOf(InvalidResourceIdException.class);
  }

  @Test
  void aResourceHoldsAtMostFiftyTags() {
    ssm.putParameter(b -> b.name("/tags/limit").type(ParameterType.STRING).value("x"));
    List<Tag> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(tag("k" + i, "v"));
    }
    ssm.addTagsToResource(
        b ->
            b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId("/tags/limit").tags(fifty));
    // Replacing a value is not a new tag.
    ssm.addTagsToResource(
        b ->
            b.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId("/tags/limit")
                .tags(tag("k0", "changed")));
    assertThatThrownBy(
            () ->
                ssm.addTagsToResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.PARAMETER)
                            .resourceId("/tags/limit")
                            .tags(tag("k50", "v"))))
        .isInstanceOf(TooManyTagsErrorException.class);
    assertThat(parameterTags("/tags/limit")).hasSize(50).contains(tag("k0", "changed"));
  }

  @Test
  void tagKeysFollowTheModelRules() {
    ssm.putParameter(b -> b.name("/tags/rules").type(ParameterType.STRING).value("x"));
    assertThatThrownBy(
            () ->
                ssm.addTagsToResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.PARAMETER)
                            .resourceId("/tags/rules")
                            .tags(tag("bad#key", "v"))))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () ->
                ssm.addTagsToResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.PARAMETER)
                            .resourceId("/tags/rules")
                            .tags(tag("aws:reserved", "v"))))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void managedInstanceTagsAreTheFleetInstanceTags() {
    Instance web = sim.simulator().fleet().instanceByIdOrName("web-1").orElseThrow();
    ssm.addTagsToResource(
        b ->
            b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId(web.id())
                .tags(tag("PatchGroup", "WebServers")));
    assertThat(web.tags())
        .containsEntry("PatchGroup", "WebServers")
        .containsEntry("Environment", "staging");
    assertThat(
            ssm.listTagsForResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                            .resourceId(web.id()))
                .tagList())
        .contains(tag("PatchGroup", "WebServers"), tag("Name", "web-1"));
    ssm.removeTagsFromResource(
        b ->
            b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId(web.id())
                .tagKeys("PatchGroup"));
    assertThat(web.tags()).doesNotContainKey("PatchGroup");
  }

  @Test
  void unknownInstanceOrUnsupportedResourceIsInvalidResourceId() {
    assertThatThrownBy(
            () ->
                ssm.listTagsForResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                            .resourceId("i-00000000000000000")))
        .isInstanceOf(InvalidResourceIdException.class);
    assertThatThrownBy(
            () ->
                ssm.listTagsForResource(
                    b ->
                        b.resourceType(ResourceTypeForTagging.DOCUMENT)
                            .resourceId("AWS-RunShellScript")))
        .isInstanceOf(InvalidResourceIdException.class);
  }

  @Test
  void unknownResourceTypeIsInvalidResourceType() {
    assertThatThrownBy(() -> ssm.listTagsForResource(b -> b.resourceType("Bucket").resourceId("x")))
        .isInstanceOf(InvalidResourceTypeException.class);
  }
}
