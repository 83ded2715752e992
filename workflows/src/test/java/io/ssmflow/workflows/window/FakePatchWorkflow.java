package io.ssmflow.workflows.window;

import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.patch.InstancePatchResult;
import io.ssmflow.workflows.patch.PatchOutcome;
import io.ssmflow.workflows.patch.PatchProgress;
import io.ssmflow.workflows.patch.PatchRequest;
import io.ssmflow.workflows.patch.PatchResult;
import io.ssmflow.workflows.patch.PatchWorkflow;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A patch operation for window tests: {@code batches} batches of {@code batchMinutes} each (one
 * "instance" per batch), honouring the request's launch cutoff like the real operations (a batch
 * not started by the cutoff is SKIPPED with reason "cutoff"), and on cancel a cleanup of {@code
 * cleanupMinutes} before it ends. Records what happened, with workflow times, in {@link #EVENTS}. A
 * "minute" is {@link #unit}: a minute under time skipping, a second on a real server.
 */
public class FakePatchWorkflow implements PatchWorkflow {
  record Plan(int batches, int batchMinutes, int cleanupMinutes) {}

  record Event(String task, String what, long atMillis) {}

  static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
  static final List<Event> EVENTS = Collections.synchronizedList(new ArrayList<>());

  /** The length of a plan's "minute"; set before the worker starts, never while it runs. */
  static volatile Duration unit = Duration.ofMinutes(1);

  private String task;

  @Override
  public PatchResult patch(PatchRequest request) {
    String id = Workflow.getInfo().getWorkflowId();
    task = id.substring(id.lastIndexOf('/') + 1);
    Plan plan = PLANS.get(task);
    record("start");
    String operation = Workflow.getTypedSearchAttributes().get(SsmflowAttributes.OPERATION);
    String env = Workflow.getTypedSearchAttributes().get(SsmflowAttributes.ENVIRONMENT);
    if (operation != null) {
      record("attributes " + operation + " " + env);
    }
    List<SkippedInstance> skipped = new ArrayList<>();
    int patched = 0;
    try {
      for (int i = 0; i < plan.batches(); i++) {
        if (request.launchCutoffMillis() != 0
            && Workflow.currentTimeMillis() >= request.launchCutoffMillis()) {
          skipped.add(new SkippedInstance("batch-" + i, "cutoff"));
          continue;
        }
        record("batch-" + i);
        // Minute by minute: the Java test server skips time while a cancel request to this
        // workflow is still on its way (the request then lands after a long sleep has already
        // ended); short timers keep the skipping in step with the workflow.
        for (int m = 0; m < plan.batchMinutes(); m++) {
          Workflow.sleep(unit);
        }
        patched++;
      }
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(
              () -> {
                Workflow.sleep(unit.multipliedBy(plan.cleanupMinutes()));
                record("cleanup");
              })
          .run();
      throw e;
    }
    record("end");
    PatchOutcome outcome = skipped.isEmpty() ? PatchOutcome.SUCCEEDED : PatchOutcome.FAILED;
    return new PatchResult(
        outcome,
        patched + " patched, " + skipped.size() + " cut off",
        null,
        null,
        plan.batches(),
        0,
        patched,
        0,
        0,
        0,
        skipped,
        List.of(),
        null,
        0,
        0);
  }

  private void record(String what) {
    if (!Workflow.isReplaying()) {
      EVENTS.add(new Event(task, what, Workflow.currentTimeMillis()));
    }
  }

  @Override
  public PatchResult result() {
    return null;
  }

  @Override
  public PatchProgress progress() {
    return null;
  }

  @Override
  public List<InstancePatchResult> instances(int offset, int limit) {
    return List.of();
  }
}
