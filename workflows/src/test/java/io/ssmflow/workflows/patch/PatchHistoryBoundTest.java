package io.ssmflow.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.HistoryWalk;
import io.ssmflow.workflows.patch.FakePatchCommands.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 3,000-instance Install (health check, a snapshot per instance right before its own install,
 * install, validation, and a restore of every 50th instance) keeps every execution, the patch run
 * and each run of each slice, under Temporal's 10,240-event warning level. {@code
 * -Dhistory.instances=N -Dhistory.concurrency=C} measures other sizes.
 */
class PatchHistoryBoundTest {
  private static final int LIMIT = 10_240;

  @Test
  void threeThousandInstancesStayUnderTheHistoryLimitWithPerInstanceSnapshots() {
    int instances = Integer.getInteger("history.instances", 3_000);
    int concurrency = Integer.getInteger("history.concurrency", 100);
    FakePatchCommands.Behavior behavior =
        (id, step) -> {
          int n = Integer.parseInt(id.substring(2), 16);
          if (n % 50 == 0 && step.equals("validate")) {
            return Result.fail(2);
          }
          return Result.ok(1 + Math.floorMod((id + step).hashCode(), 5));
        };
    try (PatchFixture f = new PatchFixture(behavior, instances)) {
      PatchRequest request =
          PatchFixture.install("staging", "" + concurrency, "" + instances, null);
      long started = System.currentTimeMillis();
      PatchResult r = f.run(request);
      long took = System.currentTimeMillis() - started;

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLED_BACK);
      assertThat(r.patched() + r.rolledBack()).isEqualTo(instances);
      assertThat(r.rolledBack()).isEqualTo(instances / 50);
      assertThat(f.commands.maxPatchingInFlight()).isLessThanOrEqualTo(concurrency);

      Map<String, Integer> lengths =
          HistoryWalk.lengths(f.client, PatchFixture.workflowId(request));
      int largest = Collections.max(lengths.values());
      System.out.printf(
          "%,d instances, MaxConcurrency %d: %d executions, largest history %d"
              + " events (limit %d), %d patch sends, %.1f s%n",
          instances,
          concurrency,
          lengths.size(),
          largest,
          LIMIT,
          f.commands.patchSends().size(),
          took / 1000.0);
      assertThat(largest).isLessThan(LIMIT);

      // Each instance's restore point is taken right before its own install: between the two,
      // at most a window's worth of other installs were sent (all snapshots first would put
      // thousands there for the late instances).
      List<String> journal = new ArrayList<>(f.commands.journal);
      Map<String, Integer> snapshotAt = new HashMap<>();
      int installsSoFar = 0;
      int worst = 0;
      for (String entry : journal) {
        String id = entry.substring(entry.indexOf(' ') + 1);
        if (entry.startsWith("snapshot ")) {
          snapshotAt.put(id, installsSoFar);
        } else if (entry.startsWith("install ")) {
          assertThat(snapshotAt).as("snapshot before the install of " + id).containsKey(id);
          worst = Math.max(worst, installsSoFar - snapshotAt.get(id));
          installsSoFar++;
        }
      }
      assertThat(installsSoFar).isEqualTo(instances);
      assertThat(worst).isLessThanOrEqualTo(2 * concurrency);
    }
  }
}
