package io.ssmflow.cli.params;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.cli.AwsAccess;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.WorkflowRuns;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** What the params commands share: AWS clients, workflow options, following a workflow. */
final class ParamsSupport {
  private ParamsSupport() {}

  /** AWS clients from the environment (AWS_ENDPOINT_URL, AWS_REGION, ...). */
  static AwsClients aws(Map<String, String> env, String what) {
    AwsAccess.probe(what, env, AwsSettings.Service.SSM);
    return AwsAccess.clients(env);
  }

  /** One line for an AWS error of a direct Parameter Store call, exit 2. */
  static CliError awsError(String what, SdkException e, Map<String, String> env) {
    return AwsAccess.error(what, e, env, AwsSettings.Service.SSM);
  }

  /** A running one of the same id is refused; a closed one may run again. */
  static WorkflowOptions options(
      String taskQueue, String workflowId, String summary, String operation) {
    return options(
        taskQueue,
        workflowId,
        summary,
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
        SearchAttributes.newBuilder().set(SsmflowAttributes.OPERATION, operation).build());
  }

  static WorkflowOptions options(
      String taskQueue,
      String workflowId,
      String summary,
      WorkflowIdReusePolicy reuse,
      SearchAttributes searchAttributes) {
    return WorkflowRuns.options(taskQueue, workflowId, reuse, searchAttributes, summary, null);
  }

  /**
   * Starts a workflow (refusing an id already taken), prints its id, and with {@code await} follows
   * it and prints the result as text or JSON; answers the exit code.
   */
  static <R> int startAndReport(
      CliContext context,
      CommonOptions common,
      TemporalConnection connection,
      String workflowId,
      Supplier<WorkflowExecution> start,
      boolean await,
      Class<R> resultType,
      Supplier<String> progress,
      Function<R, String> text,
      Predicate<R> succeeded)
      throws InterruptedException {
    PrintWriter out = context.out();
    return WorkflowRuns.startAndReport(
        out,
        common.json(),
        workflowId,
        " is already running or was already started",
        start,
        await,
        () ->
            follow(
                connection,
                context.pollInterval(),
                workflowId,
                resultType,
                progress,
                out,
                common.json()),
        text,
        r -> succeeded.test(r) ? 0 : CliError.UNSUCCESSFUL);
  }

  /**
   * Polls until the workflow closes, printing {@code progress} lines when they change (unless
   * quiet), then returns its result; a failed, cancelled or terminated run is a CliError (exit 1).
   */
  static <R> R follow(
      TemporalConnection connection,
      Duration pollInterval,
      String workflowId,
      Class<R> resultType,
      Supplier<String> progress,
      PrintWriter out,
      boolean quiet)
      throws InterruptedException {
    DeploymentWatcher watcher = new DeploymentWatcher(connection, pollInterval);
    String last = null;
    while (true) {
      WorkflowExecutionStatus status =
          watcher.describe(workflowId).getWorkflowExecutionInfo().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return result(connection, workflowId, resultType, status);
      }
      if (!quiet) {
        String line;
        try {
          line = progress.get();
        } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
          line = "waiting for a worker on task queue " + connection.config().taskQueue();
        }
        if (line != null && !Objects.equals(line, last)) {
          out.println(line);
          out.flush();
          last = line;
        }
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** The result of a closed workflow, or a CliError (exit 1) when it did not complete. */
  static <R> R result(
      TemporalConnection connection,
      String workflowId,
      Class<R> resultType,
      WorkflowExecutionStatus status) {
    WorkflowStub stub = connection.client().newUntypedWorkflowStub(workflowId);
    try {
      return stub.getResult(resultType);
    } catch (WorkflowException e) {
      CliError codec = Errors.codecFailure(e);
      if (codec != null) {
        throw codec;
      }
      throw new CliError(
          CliError.UNSUCCESSFUL,
          workflowId
              + " ended "
              + DeploymentWatcher.statusName(status)
              + ": "
              + Errors.rootMessage(e),
          e);
    }
  }
}
