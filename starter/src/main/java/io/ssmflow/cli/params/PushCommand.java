package io.ssmflow.cli.params;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.params.ConfigActivitiesImpl;
import io.ssmflow.cli.CliCommand;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.params.ConfigDeploymentWorkflow;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigPushProgress;
import io.ssmflow.workflows.params.ConfigPushRequest;
import io.ssmflow.workflows.params.ConfigPushResult;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterChange;
import io.ssmflow.workflows.params.ParamsIds;
import io.ssmflow.workflows.params.PushOutcome;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code ssmflow params push --app A --env E FILE}: validates the whole file, then either prints
 * the plan ({@code --plan}, read-only, straight from Parameter Store) or stages the secure values
 * in Parameter Store ({@link SecureStaging}) and starts a ConfigDeploymentWorkflow that carries
 * their names and versions, never the values.
 */
@Command(
    name = "push",
    description =
        "Push a JSON or YAML config to /APP/ENV/ in Parameter Store:"
            + " only changes are written; secrets become SecureString.")
public final class PushCommand implements Callable<Integer>, CliCommand {
  @ParentCommand ParamsCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--app", required = true, description = "Application (first path level).")
  String app;

  @Option(names = "--env", required = true, description = "Environment (second path level).")
  String env;

  @Parameters(index = "0", paramLabel = "FILE", description = "Config file (.json, .yaml, .yml).")
  Path file;

  @Option(
      names = "--plan",
      description = "Print the changes (secure values masked); write" + " nothing.")
  boolean plan;

  @Option(
      names = "--secure-pattern",
      paramLabel = "REGEX",
      description =
          "Keys matching this"
              + " (case-insensitive, repeatable) become SecureString; replaces the default list: password,"
              + " passwd, pwd, passphrase, secret, key, private_key, api_key, token, jwt, auth,"
              + " credential, dsn, pem, connection_string (--plan shows the list used).")
  List<String> securePatterns = new ArrayList<>();

  @Option(
      names = "--restart",
      description =
          "Then restart the application on its instances"
              + " (tag:Application=APP, tag:Environment=ENV) through a deployment.")
  boolean restart;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N|P%",
      defaultValue = "25%",
      description = "MaxConcurrency of the restart (default: ${DEFAULT-VALUE}).")
  String maxConcurrency;

  @Option(names = "--wait", description = "Follow the push to its end.")
  boolean await;

  @Override
  public Integer call() throws Exception {
    return run(parent.context());
  }

  @Override
  public int run(CliContext context) throws Exception {
    ConfigPushRequest request = request();
    PrintWriter out = context.out();
    if (plan) {
      return plan(context, request, out);
    }
    String workflowId = ParamsIds.pushId(request, java.time.Instant.now());
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      ConfigDeploymentWorkflow workflow =
          connection
              .client()
              .newWorkflowStub(
                  ConfigDeploymentWorkflow.class,
                  ParamsSupport.options(
                      connection.config().taskQueue(),
                      workflowId,
                      "Push config of "
                          + app
                          + " to "
                          + env
                          + " ("
                          + request.entries().size()
                          + " parameters)",
                      // One run per id: rollback --push ID must name exactly one push.
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
                      SearchAttributes.newBuilder()
                          .set(SsmflowAttributes.OPERATION, "params-push")
                          .set(SsmflowAttributes.APP, app)
                          .set(SsmflowAttributes.ENVIRONMENT, env)
                          .build()));
      SecureStaging staging = new SecureStaging(context.env());
      ConfigPushRequest input = staging.stage(workflowId, request);
      AtomicBoolean started = new AtomicBoolean();
      try {
        return ParamsSupport.startAndReport(
            context,
            common,
            connection,
            workflowId,
            () -> {
              WorkflowExecution execution = WorkflowClient.start(workflow::push, input);
              started.set(true);
              return execution;
            },
            await,
            ConfigPushResult.class,
            () -> progressLine(connection, workflowId),
            r -> ParamsView.pushResult(workflowId, r),
            r -> r.outcome() == PushOutcome.SUCCEEDED || r.outcome() == PushOutcome.NO_CHANGES);
      } finally {
        if (!started.get()) {
          staging.discard(context.err());
        }
      }
    }
  }

  private static String progressLine(TemporalConnection connection, String workflowId) {
    ConfigPushProgress p =
        connection.client().newWorkflowStub(ConfigDeploymentWorkflow.class, workflowId).progress();
    return p.phase()
        + ": "
        + p.written()
        + "/"
        + p.toWrite()
        + " written"
        + (p.detail().isEmpty() ? "" : " (" + p.detail() + ")");
  }

  /** Everything checked and the file read; nothing contacted. */
  ConfigPushRequest request() {
    try {
      ConfigRules.checkPathPart("app", app);
      ConfigRules.checkPathPart("env", env);
      RateLimit concurrency = RateLimit.maxConcurrency(maxConcurrency);
      List<ConfigEntry> entries =
          ConfigFile.read(file, app, env, ConfigRules.securePattern(securePatterns));
      ConfigPushRequest request =
          new ConfigPushRequest(app, env, entries, restart, concurrency.text());
      ConfigRules.checkRequest(request);
      return request;
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  private int plan(CliContext context, ConfigPushRequest request, PrintWriter out) {
    List<ParameterChange> changes;
    try (AwsClients aws = ParamsSupport.aws(context.env(), "read Parameter Store")) {
      changes = new ConfigActivitiesImpl(aws.ssm()).plan(request.entries());
    } catch (SdkException e) {
      throw ParamsSupport.awsError("read Parameter Store", e, context.env());
    } catch (ApplicationFailure e) {
      throw CliError.badInput("cannot read Parameter Store: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      if (e instanceof CliError) {
        throw e;
      }
      throw CliError.badInput("cannot read Parameter Store: " + Errors.rootMessage(e));
    }
    if (common.json()) {
      out.println(Json.write(ParamsView.planJson(request, changes, securePatterns)));
    } else {
      out.print(ParamsView.plan(request, changes, securePatterns));
    }
    return 0;
  }
}
