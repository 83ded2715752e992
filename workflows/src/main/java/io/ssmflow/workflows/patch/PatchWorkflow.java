package io.ssmflow.workflows.patch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Patching with AWS-RunPatchBaseline. Scan: a compliance report per instance, nothing changed.
 * Install: pre-patch health check, EBS snapshots of every volume, one baseline snapshot id for the
 * run, install under MaxConcurrency / MaxErrors, validation, and a restore from the pre-patch
 * snapshot for every instance that failed. Workflow id: see {@link PatchIds}.
 */
@WorkflowInterface
public interface PatchWorkflow {
  /**
   * Runs the patch operation to its end (the snapshot retention runs in a separate workflow).
   *
   * @param request the validated request
   */
  @WorkflowMethod
  PatchResult patch(PatchRequest request);

  /** A summary and the first page of instances. */
  /**
   * The run's result once it has ended, also when it was cancelled (Temporal then keeps no result),
   * so {@code ssmflow status} can show the per-instance table; null while it runs.
   */
  @QueryMethod
  PatchResult result();

  @QueryMethod
  PatchProgress progress();

  /**
   * A page of instances in id order.
   *
   * @param offset the first index
   * @param limit at most this many (capped at 1,000)
   */
  @QueryMethod
  List<InstancePatchResult> instances(int offset, int limit);
}
