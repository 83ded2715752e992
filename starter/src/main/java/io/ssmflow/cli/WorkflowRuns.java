package io.ssmflow.cli;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What the commands that start a workflow share: start it (an id in use is one line, exit 2), print
 * its id, and with {@code --wait} follow it and print its result as text or JSON.
 */
public final class WorkflowRuns {
  /** The refusal of an id that is taken by a running workflow: {@code ID is already running}. */
  public static final String ALREADY_RUNNING = " is already running";

  private WorkflowRuns() {}

  /** Follows a started workflow to its end (printing progress) and answers its result. */
  @FunctionalInterface
  public interface Follower<R> {
    R follow() throws InterruptedException;
  }

  /**
   * Start options: an id in use by a running workflow is refused (conflict policy FAIL); a closed
   * one may be reused as {@code reuse} says.
   *
   * @param details the static details, or null for none
   */
  public static WorkflowOptions options(
      String taskQueue,
      String workflowId,
      WorkflowIdReusePolicy reuse,
      SearchAttributes attributes,
      String summary,
      String details) {
    WorkflowOptions.Builder b =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(reuse)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setTypedSearchAttributes(attributes)
            .setStaticSummary(summary);
    if (details != null) {
      b.setStaticDetails(details);
    }
    return b.build();
  }

  /**
   * Starts the workflow; {@link WorkflowExecutionAlreadyStarted} becomes a bad-input error {@code
   * workflowId + refusal}.
   */
  public static WorkflowExecution start(
      String workflowId, String refusal, Supplier<WorkflowExecution> start) {
    try {
      return start.get();
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CliError.badInput(workflowId + refusal);
    }
  }

  /** In text mode, {@code started ID (run R)} (flushed); nothing in JSON mode. */
  public static void printStartedLine(
      PrintWriter out, boolean json, String workflowId, WorkflowExecution execution) {
    if (!json) {
      out.println("started " + workflowId + " (run " + execution.getRunId() + ")");
      out.flush();
    }
  }

  /** In JSON mode, {@code {"workflowId":..., "runId":...}}; nothing in text mode. */
  public static void printStartedJson(
      PrintWriter out, boolean json, String workflowId, WorkflowExecution execution) {
    if (json) {
      out.println(Json.write(Map.of("workflowId", workflowId, "runId", execution.getRunId())));
    }
  }

  /**
   * The result: in JSON mode {@code {"workflowId", "runId", extra..., "result"}}, else {@code text}
   * as it is; flushed.
   */
  public static void printResult(
      PrintWriter out,
      boolean json,
      String workflowId,
      WorkflowExecution execution,
      Object result,
      Map<String, Object> extra,
      Supplier<String> text) {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("workflowId", workflowId);
      doc.put("runId", execution.getRunId());
      doc.putAll(extra);
      doc.put("result", result);
      out.println(Json.write(doc));
    } else {
      out.print(text.get());
    }
    out.flush();
  }

  /**
   * Starts a workflow (refusing an id already taken with {@code workflowId + refusal}), prints its
   * id, and with {@code await} follows it and prints the result as text or JSON; answers the exit
   * code (0 when not following, else {@code exitCode} of the result).
   */
  public static <R> int startAndReport(
      PrintWriter out,
      boolean json,
      String workflowId,
      String refusal,
      Supplier<WorkflowExecution> start,
      boolean await,
      Follower<R> follower,
      Function<R, String> text,
      ToIntFunction<R> exitCode)
      throws InterruptedException {
    WorkflowExecution execution = start(workflowId, refusal, start);
    printStartedLine(out, json, workflowId, execution);
    if (!await) {
      printStartedJson(out, json, workflowId, execution);
      return 0;
    }
    R result = follower.follow();
    printResult(out, json, workflowId, execution, result, Map.of(), () -> text.apply(result));
    return exitCode.applyAsInt(result);
  }
}
