package io.ssmflow.cli.deploy;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads a deployment's state: its execution status, the {@code progress} query while it runs, the
 * result when it is closed; and follows it to the end with a progress display.
 */
public final class DeploymentWatcher {
  /**
   * How often {@code --wait}/{@code --watch} refresh the progress; the end itself is seen at once
   * ({@link #awaitClose}).
   */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** Non-TTY output prints a line when the counts change, or at least this often. */
  static final Duration PLAIN_LINE_EVERY = Duration.ofSeconds(15);

  private final TemporalConnection connection;
  private final Duration pollInterval;

  public DeploymentWatcher(TemporalConnection connection, Duration pollInterval) {
    this.connection = requireNonNull(connection, "connection is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
  }

  /** The execution's status and type; a missing id is bad input. */
  public DescribeWorkflowExecutionResponse describe(String workflowId) {
    try {
      return connection
          .stubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(connection.config().namespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw CliError.badInput(
            "no workflow " + workflowId + " in namespace " + connection.config().namespace());
      }
      throw e;
    }
  }

  /**
   * A cancelled run keeps no result in Temporal, but the workflow answers the one it computed
   * (per-instance states and counts) through its {@code result} query; null otherwise.
   */
  static DeploymentResult keptResult(WorkflowStub stub, WorkflowExecutionStatus status) {
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED) {
      return null;
    }
    try {
      return stub.query("result", DeploymentResult.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The progress query's answer, or null while no worker answers it. */
  public DeploymentProgress progress(String workflowId) {
    try {
      return connection.client().newWorkflowStub(DeploymentWorkflow.class, workflowId).progress();
    } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
      return null;
    }
  }

  /**
   * The result of a closed deployment.
   *
   * @throws CliError (exit 1) when the execution failed, timed out or was terminated
   */
  public DeploymentResult result(String workflowId, WorkflowExecutionStatus status) {
    WorkflowStub stub = connection.client().newUntypedWorkflowStub(workflowId);
    try {
      return stub.getResult(DeploymentResult.class);
    } catch (WorkflowException e) {
      CliError codec = Errors.codecFailure(e);
      if (codec != null) {
        throw codec;
      }
      DeploymentResult kept = keptResult(stub, status);
      if (kept != null) {
        return kept;
      }
      throw new CliError(
          CliError.UNSUCCESSFUL,
          workflowId + " ended " + statusName(status) + ": " + Errors.rootMessage(e),
          e);
    }
  }

  /**
   * Follows the execution until it closes, showing progress on {@code out} (a bar redrawn in place
   * on a terminal; a line per change otherwise; nothing when {@code quiet}), then returns the
   * result.
   */
  public DeploymentResult follow(String workflowId, PrintWriter out, boolean tty, boolean quiet)
      throws InterruptedException {
    return follow(
        workflowId,
        out,
        tty,
        quiet,
        this::progress,
        DeploymentView::bar,
        DeploymentView::line,
        this::result);
  }

  /**
   * Follows any workflow until it closes (the loop of {@link #follow(String, PrintWriter, boolean,
   * boolean)}), with its own progress query, renderings and result.
   *
   * @param progress the progress query (null while no worker answers)
   * @param bar the progress as a bar (terminal)
   * @param line the progress as a line (non-terminal)
   * @param result the result of the closed execution
   */
  public <P, R> R follow(
      String workflowId,
      PrintWriter out,
      boolean tty,
      boolean quiet,
      Function<String, P> progress,
      Function<P, String> bar,
      Function<P, String> line,
      BiFunction<String, WorkflowExecutionStatus, R> result)
      throws InterruptedException {
    String lastLine = null;
    long lastPrint = 0;
    boolean barShown = false;
    while (true) {
      WorkflowExecutionStatus status = describe(workflowId).getWorkflowExecutionInfo().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        if (barShown) {
          out.println();
        }
        return result.apply(workflowId, status);
      }
      if (!quiet) {
        P p = progress.apply(workflowId);
        String text =
            p == null
                ? "waiting for a worker on task queue " + connection.config().taskQueue()
                : tty ? bar.apply(p) : line.apply(p);
        long now = System.nanoTime();
        if (tty) {
          out.print("\r\033[2K" + text);
          barShown = true;
          out.flush();
        } else if (!Objects.equals(text, lastLine)
            || now - lastPrint > PLAIN_LINE_EVERY.toNanos()) {
          out.println(text);
          out.flush();
          lastLine = text;
          lastPrint = now;
        }
      }
      awaitClose(workflowId, pollInterval);
    }
  }

  /**
   * Waits at most {@code max} for the execution to close: a long poll of its history for the close
   * event, so a follower notices the end at once instead of at its next poll. Returns early when
   * the run closes (or continues as new), and after {@code max} otherwise, also when the poll fails
   * (the next describe reports why).
   */
  public void awaitClose(String workflowId, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    try {
      GetWorkflowExecutionHistoryResponse r =
          connection
              .stubs()
              .blockingStub()
              .withDeadlineAfter(max.toMillis(), TimeUnit.MILLISECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(connection.config().namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .setWaitNewEvent(true)
                      .setHistoryEventFilterType(
                          HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                      .build());
      if (r.getHistory().getEventsCount() > 0) {
        return;
      }
    } catch (io.grpc.StatusRuntimeException e) {
      // DEADLINE_EXCEEDED: still running; anything else: the next describe says what.
    }
    long left = deadline - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** {@code COMPLETED}, {@code FAILED}, ... without the enum prefix. */
  public static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }
}
