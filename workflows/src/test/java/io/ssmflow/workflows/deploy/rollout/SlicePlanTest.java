package io.ssmflow.workflows.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Slicing a fleet and sharing the MaxConcurrency window between slices. */
class SlicePlanTest {
  @Test
  void smallFleetIsOneSliceWithTheWholeWindow() {
    SlicePlan p = SlicePlan.of(40, 500, 10);
    assertThat(p.slices()).containsExactly(new SlicePlan.Slice(0, 40, 10));
    assertThat(p.maxParallel()).isEqualTo(1);
  }

  @Test
  void sharesAreProportionalAndSumToTheWindow() {
    SlicePlan p = SlicePlan.of(2_000, 500, 200);
    assertThat(p.slices()).extracting(SlicePlan.Slice::share).containsExactly(50, 50, 50, 50);
    SlicePlan odd = SlicePlan.of(1_001, 500, 7);
    assertThat(odd.slices()).extracting(SlicePlan.Slice::size).containsExactly(334, 334, 333);
    assertThat(odd.slices().stream().mapToInt(SlicePlan.Slice::share).sum()).isEqualTo(7);
    assertThat(odd.slices()).allSatisfy(s -> assertThat(s.share()).isPositive());
    assertThat(odd.maxParallel()).isEqualTo(3);
  }

  @Test
  void moreSlicesThanTheWindowRunOneInstanceEachAFewAtATime() {
    SlicePlan p = SlicePlan.of(10_000, 500, 5);
    assertThat(p.slices()).hasSize(20).allSatisfy(s -> assertThat(s.share()).isEqualTo(1));
    assertThat(p.maxParallel()).isEqualTo(5);
  }

  @Test
  void windowLargerThanTheFleetIsCappedBySliceSizes() {
    SlicePlan p = SlicePlan.of(600, 500, 5_000);
    assertThat(p.slices()).extracting(SlicePlan.Slice::share).containsExactly(300, 300);
    assertThat(SlicePlan.of(0, 500, 5).slices()).isEmpty();
  }
}
