package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ssmflow demo} end to end: every check of the demo holds, among them the alarm-gated 3.0.0
 * rollout (an alarm set off by the first wave's own metrics stops it, every upgraded instance is
 * rolled back on disk).
 */
class DemoEndToEndTest {
  @Test
  void everyCheckOfTheDemoHoldsIncludingTheAlarmGatedRollout() {
    List<String> args = new ArrayList<>(List.of("demo"));
    if (TestSandbox.unsafeHostExecNeeded()) {
      args.add("--unsafe-host-exec");
    }
    CliRun demo = CliRun.run(Map.of(), args.toArray(String[]::new));

    assertThat(demo.out())
        .as(demo.err())
        .contains("== deploy shop 3.0.0 in waves 1,100%")
        .contains("ok     deploy 3.0.0 exits 1: stopped by its alarm")
        .contains("ok     the result names alarm shop-staging-errors-high")
        .contains("stopped: alarm shop-staging-errors-high in ALARM since")
        .contains("ok     the first wave's instance rolled back, wave 2 never started")
        .contains("demo passed: every check holds");
    assertThat(demo.exit()).isZero();
  }
}
