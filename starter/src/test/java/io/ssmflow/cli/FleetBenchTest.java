package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness of bench/rollout-bound.sh and bench/patch-bound.sh: its run-total checks,
 * its bound, and a small end-to-end run of each kind whose result line has exactly the keys the
 * scripts promise.
 */
class FleetBenchTest {
  static final String LINE =
      "n=\\d+ c=\\d+ steps=\\d+ bound_s=\\d+\\.\\d wall_s=\\d+\\.\\d"
          + " ratio=\\d+\\.\\d{3} ssm_calls_per_instance_step=\\d+\\.\\d{4}"
          + " sends_per_instance_step=\\d+\\.\\d{4} max_history_events=\\d+";

  @TempDir Path work;

  private static FleetBench bench(FleetBench.Params p) {
    return new FleetBench(
        p,
        Path.of("unused"),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text.replace('\'', '"'));
  }

  @Test
  void runTotalsPassOnlyWhenEveryInstanceRanEveryStepOnce() throws Exception {
    FleetBench b = bench(new FleetBench.Params("patch", 2, 1, "1s", "1s"));
    String step = "{'instances': 2, 'runs': 2, 'maxPerInstance': 1, 'instancesMoreThanOnce': 0}";
    JsonNode good =
        json(
            "{'runs': 6, 'instances': 2, 'labels': {'h': "
                + step
                + ", 'i': "
                + step
                + ", 'v': "
                + step
                + "}, 'repeated': {'count': 0, 'examples': []},"
                + " 'droppedComments': 0}");
    assertThat(b.checkRuns(good)).isEmpty();

    JsonNode twice =
        json(
            "{'runs': 7, 'instances': 2, 'labels': {'h': "
                + step
                + ", 'i': "
                + "{'instances': 2, 'runs': 3, 'maxPerInstance': 2, 'instancesMoreThanOnce': 1}, 'v': "
                + step
                + "}, 'repeated': {'count': 1, 'examples': [{'instanceId': 'i-1', 'comment': 'x',"
                + " 'runs': 2}]}, 'droppedComments': 0}");
    assertThat(b.checkRuns(twice))
        .hasSize(3)
        .anyMatch(f -> f.startsWith("step 'i' ran 3 times on 2 of 2 instances"))
        .anyMatch(f -> f.startsWith("1 command keys ran twice"))
        .anyMatch(f -> f.equals("expected 6 command runs in all, the simulator counted 7"));

    JsonNode missing =
        json(
            "{'runs': 3, 'instances': 2, 'labels': {'h': "
                + step
                + ", 'i': "
                + "{'instances': 1, 'runs': 1, 'maxPerInstance': 1, 'instancesMoreThanOnce': 0}},"
                + " 'repeated': {'count': 0, 'examples': []}, 'droppedComments': 0}");
    assertThat(b.checkRuns(missing))
        .anyMatch(f -> f.startsWith("expected 3 command steps, the simulator saw 2"))
        .anyMatch(f -> f.startsWith("step 'i' ran 1 times on 1 of 2 instances"));
  }

  @Test
  void emptySlotsSplitIntoRampUpRefillAndTail() {
    // Two slots. B starts 0.5 s after A (ramp-up: one slot empty 0.5 s); A ends at 1 s and C, the
    // last to start, takes its slot at 1.5 s (refill: 0.5 s); B ends at 2 s, C at 3 s (tail: 1 s).
    long[][] lives = {{0, 1_000}, {500, 2_000}, {1_500, 3_000}};
    StepGaps gaps = new StepGaps(1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3_000, lives, List.of());

    assertThat(gaps.emptyByPhase(2)).containsExactly(0.5, 0.5, 1.0);
  }

  @Test
  void theBoundIsNTimesTOverC() {
    FleetBench.Params rollout = new FleetBench.Params("rollout", 10_000, 500, "500ms-2s", null);
    assertThat(rollout.steps()).isEqualTo(4);
    assertThat(rollout.boundSeconds()).isEqualTo(100.0);
    FleetBench.Params patch = new FleetBench.Params("patch", 1_000, 100, "1s", "500ms");
    assertThat(patch.boundSeconds()).isEqualTo(35.0);
    FleetBench.Result r = new FleetBench.Result(rollout, 125.04, 2_000, 400, 9_000, 41, List.of());
    assertThat(r.line())
        .isEqualTo(
            "n=10000 c=500 steps=4 bound_s=100.0 wall_s=125.0"
                + " ratio=1.250 ssm_calls_per_instance_step=0.0500 sends_per_instance_step=0.0100"
                + " max_history_events=9000");
    assertThatThrownBy(() -> BenchMain.parse(new String[] {"rollout", "10", "x", "1s", "o"}))
        .hasMessage("C must be a whole number, not 'x'");
    assertThatThrownBy(() -> new FleetBench.Params("rollout", 10, 5, "fast", null))
        .hasMessageStartingWith("LATENCY must be like");
    assertThatThrownBy(() -> BenchMain.parse(new String[] {"patch", "10", "5", "1s", "1s-2s", "o"}))
        .hasMessageStartingWith("SNAPSHOT must be one duration");
  }

  @Test
  void aSmallRolloutEndsWithTheResultLine() throws Exception {
    FleetBench.Result r = run(new FleetBench.Params("rollout", 12, 4, "50ms-150ms", null));
    assertThat(r.failedChecks()).isEmpty();
    assertThat(r.line()).matches(LINE).startsWith("n=12 c=4 steps=4 bound_s=1.2 ");
    assertThat(r.sends()).isPositive();
    assertThat(r.ssmCalls()).isGreaterThanOrEqualTo(r.sends());
    assertThat(r.maxHistoryEvents()).isPositive();
  }

  @Test
  void aSmallPatchInstallEndsWithTheResultLine() throws Exception {
    FleetBench.Result r = run(new FleetBench.Params("patch", 8, 4, "50ms-150ms", "200ms"));
    assertThat(r.failedChecks()).isEmpty();
    assertThat(r.line()).matches(LINE).startsWith("n=8 c=4 steps=3 bound_s=1.0 ");
    assertThat(r.executions())
        .as("the parent and its snapshot-retention child")
        .isGreaterThanOrEqualTo(2);
  }

  private FleetBench.Result run(FleetBench.Params p) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try {
      return new FleetBench(p, work, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    } finally {
      System.out.print(log.toString(StandardCharsets.UTF_8));
    }
  }
}
