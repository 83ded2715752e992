package io.ssmflow.workflows.runbook.doc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagGraphTest {
  private static StepSpec step(String name, String... deps) {
    return new StepSpec(
        name,
        "aws:sleep",
        Map.of("Duration", "PT1S"),
        null,
        1,
        0,
        null,
        null,
        null,
        null,
        false,
        List.of(),
        List.of(deps),
        null,
        null);
  }

  @Test
  void aCycleIsAnsweredAsItsPath() {
    DagGraph g =
        new DagGraph(List.of(step("a"), step("b", "a", "d"), step("c", "b"), step("d", "c")));
    assertThat(g.cycle()).containsExactly("b", "d", "c", "b");
  }

  @Test
  void aDiamondHasNoCycleAndKnowsItsAncestorsAndDependents() {
    DagGraph g =
        new DagGraph(
            List.of(
                step("top"),
                step("left", "top"),
                step("right", "top"),
                step("join", "left", "right")));
    assertThat(g.cycle()).isEmpty();
    assertThat(g.ancestors("join")).containsExactlyInAnyOrder("left", "right", "top");
    assertThat(g.dependents("top")).containsExactly("left", "right");
  }
}
