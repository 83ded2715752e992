package io.ssmflow.cli.params;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.params.ParameterVersions;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.params.ConfigPushResult;
import io.ssmflow.workflows.params.ConfigRollbackWorkflow;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParamsIds;
import io.ssmflow.workflows.params.RollbackRequest;
import io.ssmflow.workflows.params.RollbackResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;

/**
 * {@code ssmflow params rollback NAME --to-version N} or {@code ssmflow params rollback --push ID}:
 * checked first (the version exists; the push completed and changed something), then a
 * ConfigRollbackWorkflow restores.
 */
@Command(
    name = "rollback",
    description =
        "Restore a parameter version (as a new version), or undo"
            + " a whole push: delete what it created, restore what it replaced.")
public final class RollbackCommand implements Callable<Integer> {
  @ParentCommand ParamsCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Parameter name.")
  String name;

  @Option(names = "--to-version", paramLabel = "N", description = "The version to restore.")
  Long version;

  @Option(names = "--push", paramLabel = "WORKFLOW_ID", description = "Undo this push.")
  String pushId;

  @Option(names = "--reason", description = "Why (kept in history).")
  String reason;

  @Option(names = "--wait", description = "Follow the rollback to its end.")
  boolean await;

  @Override
  public Integer call() throws Exception {
    CliContext context = parent.context();
    if ((pushId == null) == (name == null)) {
      throw CliError.badInput("give either NAME --to-version N or --push WORKFLOW_ID");
    }
    try (TemporalConnection connection =
        pushId == null ? null : TemporalConnection.open(common.temporal(context.env()))) {
      RollbackRequest request;
      String workflowId;
      if (pushId != null) {
        if (version != null) {
          throw CliError.badInput("--to-version goes with NAME, not with --push");
        }
        request = ofPush(connection);
        workflowId = ParamsIds.rollbackOfPushId(pushId);
      } else {
        request = ofVersion(context);
        workflowId = ParamsIds.rollbackId(name, version);
      }
      try (TemporalConnection c =
          connection != null ? null : TemporalConnection.open(common.temporal(context.env()))) {
        return run(context, connection != null ? connection : c, workflowId, request);
      }
    }
  }

  private RollbackRequest ofVersion(CliContext context) {
    if (version == null) {
      throw CliError.badInput("--to-version N is required with NAME");
    }
    try {
      ConfigRules.checkName(name);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    if (version < 1) {
      throw CliError.badInput("--to-version must be 1 or more, not " + version);
    }
    try (AwsClients aws = ParamsSupport.aws(context.env(), "read the history of " + name)) {
      List<ParameterHistory> kept = ParameterVersions.history(aws.ssm(), name, false);
      if (kept.stream().noneMatch(v -> v.version() == version.longValue())) {
        throw CliError.badInput(
            name
                + " has no version "
                + version
                + " (versions kept: "
                + kept.get(0).version()
                + " to "
                + kept.get(kept.size() - 1).version()
                + ")");
      }
    } catch (ApplicationFailure e) {
      throw CliError.badInput(e.getOriginalMessage());
    } catch (SdkException e) {
      throw ParamsSupport.awsError("read the history of " + name, e, context.env());
    }
    return new RollbackRequest(
        List.of(new RollbackRequest.Action(name, version)), reason == null ? "" : reason);
  }

  private RollbackRequest ofPush(TemporalConnection connection) {
    if (!pushId.startsWith(ParamsIds.PUSH_PREFIX)) {
      throw CliError.badInput(
          pushId + " is not a params push (ids start with " + ParamsIds.PUSH_PREFIX + ")");
    }
    WorkflowExecutionStatus status =
        new DeploymentWatcher(connection, parent.context().pollInterval())
            .describe(pushId)
            .getWorkflowExecutionInfo()
            .getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      throw CliError.badInput(
          pushId
              + " is "
              + DeploymentWatcher.statusName(status)
              + "; only a completed push can be rolled back");
    }
    ConfigPushResult pushed =
        ParamsSupport.result(connection, pushId, ConfigPushResult.class, status);
    if (pushed.replaced().isEmpty()) {
      throw CliError.badInput(
          pushId + " left nothing applied (" + pushed.outcome() + "): nothing to roll back");
    }
    List<RollbackRequest.Action> actions = new ArrayList<>();
    List<Map.Entry<String, String>> replaced = new ArrayList<>(pushed.replaced().entrySet());
    for (int i = replaced.size() - 1; i >= 0; i--) {
      Map.Entry<String, String> e = replaced.get(i);
      actions.add(
          new RollbackRequest.Action(
              e.getKey(),
              ConfigPushResult.NEW.equals(e.getValue()) ? null : Long.valueOf(e.getValue())));
    }
    return new RollbackRequest(actions, reason == null ? "rollback of " + pushId : reason);
  }

  private int run(
      CliContext context, TemporalConnection connection, String workflowId, RollbackRequest request)
      throws InterruptedException {
    ConfigRollbackWorkflow workflow =
        connection
            .client()
            .newWorkflowStub(
                ConfigRollbackWorkflow.class,
                ParamsSupport.options(
                    connection.config().taskQueue(),
                    workflowId,
                    "Rollback of " + request.actions().size() + " parameters",
                    "params-rollback"));
    return ParamsSupport.startAndReport(
        context,
        common,
        connection,
        workflowId,
        () -> WorkflowClient.start(workflow::rollback, request),
        await,
        RollbackResult.class,
        () -> null,
        r -> ParamsView.rollback(workflowId, r),
        r -> true);
  }
}
