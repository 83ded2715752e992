package io.ssmflow.workflows.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetSlugsTest {
  @Test
  void patchGroupIsLowerCasedAndCleaned() {
    assertThat(TargetSlugs.of(TargetSpec.ofPatchGroup("  Web Servers/Prod!! ")))
        .isEqualTo("web-servers-prod");
  }

  @Test
  void instancesAreCountedWithTheFirst() {
    assertThat(TargetSlugs.of(TargetSpec.ofInstances(List.of("i-0abc")))).isEqualTo("i-0abc");
    assertThat(TargetSlugs.of(TargetSpec.ofInstances(List.of("i-0abc", "i-0def"))))
        .isEqualTo("2-instances-i-0abc");
  }

  @Test
  void tagValuesAreJoinedInKeyOrder() {
    assertThat(
            TargetSlugs.of(
                TargetSpec.ofTags(Map.of("Environment", "staging", "Application", "shop"))))
        .isEqualTo("shop-staging");
  }

  @Test
  void atMostSixtyCharactersAndEmptyWhenNothingIsLeft() {
    assertThat(TargetSlugs.clean("x".repeat(80))).hasSize(60);
    assertThat(TargetSlugs.clean("***")).isEmpty();
  }
}
