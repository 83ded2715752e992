package io.ssmflow.cli.deploy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ssmflow.cli.CliCommand;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Durations;
import io.ssmflow.cli.NotifyFlags;
import io.ssmflow.cli.OperationRequests;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.WorkflowRuns;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.deploy.DeploymentIds;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.deploy.DeploymentSpec;
import io.ssmflow.workflows.deploy.DeploymentSpecs;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import io.ssmflow.workflows.deploy.FailurePolicy;
import io.ssmflow.workflows.deploy.SpecTemplates;
import io.ssmflow.workflows.deploy.TemplateValues;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.wave.WavePlan;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow deploy}: validates everything, then starts a DeploymentWorkflow. */
@Command(name = "deploy", description = "Roll out an application version to an environment.")
public final class DeployCommand implements Callable<Integer>, CliCommand {
  public static final String DEFAULT_MAX_CONCURRENCY = "10%";
  public static final String DEFAULT_MAX_ERRORS = "0";
  public static final String DEFAULT_METRICS_NAMESPACE = "ssmflow";

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Option(names = "--app", required = true, description = "Application name.")
  String app;

  @Option(names = "--version", required = true, description = "Version to deploy.")
  String version;

  @Option(names = "--env", required = true, description = "Environment.")
  String env;

  @Option(
      names = "--targets",
      paramLabel = "tag:K=V[,tag:K=V...]",
      description =
          "Tag filters, all must match (default: tag:Application=APP," + "tag:Environment=ENV).")
  String targets;

  @Option(names = "--instance-ids", paramLabel = "ID[,ID...]", description = "Explicit instances.")
  String instanceIds;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N|P%",
      defaultValue = DEFAULT_MAX_CONCURRENCY,
      description = "Instances in flight at once (default: ${DEFAULT-VALUE}).")
  String maxConcurrency;

  @Option(
      names = "--max-errors",
      paramLabel = "N|P%",
      defaultValue = DEFAULT_MAX_ERRORS,
      description = "Errors tolerated before stopping (default: ${DEFAULT-VALUE}).")
  String maxErrors;

  @Option(
      names = "--canary",
      paramLabel = "N",
      defaultValue = "0",
      description = "Instances deployed first, alone (default: ${DEFAULT-VALUE}).")
  String canary;

  @Option(names = "--approve", description = "Wait for `ssmflow approve` after the canary.")
  boolean approve;

  @Option(
      names = "--approval-timeout",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description = "No decision within this time rejects (default: ${DEFAULT-VALUE}).")
  String approvalTimeout;

  @Option(
      names = "--failure-policy",
      paramLabel = "POLICY",
      defaultValue = "rollback-all",
      description = "rollback-all (default), rollback-failed or stop.")
  String failurePolicy;

  @Option(names = "--spec", paramLabel = "FILE", description = "Deployment spec YAML.")
  Path spec;

  @Option(names = "--topic", paramLabel = "ARN", description = "SNS topic for the summary.")
  String topic;

  @Option(
      names = "--metrics-namespace",
      paramLabel = "NS",
      defaultValue = DEFAULT_METRICS_NAMESPACE,
      description = "CloudWatch namespace (default: ${DEFAULT-VALUE}; none: no metrics).")
  String metricsNamespace;

  @Option(names = "--wait", description = "Follow the deployment to its end.")
  boolean await;

  @Option(
      names = "--plan",
      description =
          "Print what the deployment would do (targets, waves,"
              + " commands as sent, alarms) and start nothing.")
  boolean plan;

  @Option(
      names = "--waves",
      paramLabel = "N|P%[,...]",
      description =
          "Wave sizes, Ansible's"
              + " serial list; the last one repeats (e.g. 1,5,25%%,100%%). See docs/waves.md.")
  String waves;

  @Option(
      names = "--bake",
      paramLabel = "DURATION",
      description = "Wait after each wave with" + " the alarms watched (e.g. 5m).")
  String bake;

  @Option(
      names = "--approve-after-wave",
      paramLabel = "K",
      description = "Wait for `ssmflow approve` after wave K.")
  Integer approveAfterWave;

  @Mixin AlarmFlags alarmFlags = new AlarmFlags();

  @Override
  public Integer call() throws Exception {
    return run(cli.context());
  }

  @Override
  public int run(CliContext context) throws Exception {
    DeploymentRequest request = request();
    if (plan) {
      DeployPlan p = DeployPlan.of(request, context.env());
      context.out().print(common.json() ? io.ssmflow.cli.Json.write(p) + "\n" : p.text());
      context.out().flush();
      return 0;
    }
    if (request.alarms() != null) {
      AlarmPreflight.check(request.alarms(), context.env());
    }
    String workflowId =
        DeploymentIds.workflowId(request.app(), request.environment(), request.version());
    PrintWriter out = context.out();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      refuseWhileAnotherRuns(connection, request);
      DeploymentWorkflow workflow =
          connection
              .client()
              .newWorkflowStub(
                  DeploymentWorkflow.class,
                  options(connection.config().taskQueue(), workflowId, request));
      return WorkflowRuns.startAndReport(
          out,
          common.json(),
          workflowId,
          WorkflowRuns.ALREADY_RUNNING,
          () -> WorkflowClient.start(workflow::deploy, request),
          await,
          () ->
              new DeploymentWatcher(connection, context.pollInterval())
                  .follow(workflowId, out, context.tty(common), common.json()),
          r -> DeploymentView.result(workflowId, r),
          r -> r.outcome() == DeploymentOutcome.SUCCEEDED ? 0 : CliError.UNSUCCESSFUL);
    }
  }

  /**
   * One deployment of an app to an environment at a time: the running one holds the lock {@link
   * DeploymentIds#lockId} (a child workflow whose parent is that deployment).
   */
  static void refuseWhileAnotherRuns(TemporalConnection connection, DeploymentRequest request) {
    String lock = DeploymentIds.lockId(request.app(), request.environment());
    DescribeWorkflowExecutionResponse d;
    try {
      d =
          connection
              .stubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(connection.config().namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(lock))
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return;
      }
      throw e;
    }
    if (d.getWorkflowExecutionInfo().getStatus()
        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return;
    }
    String holder = d.getWorkflowExecutionInfo().getParentExecution().getWorkflowId();
    throw CliError.badInput(
        "a deployment of "
            + request.app()
            + " to "
            + request.environment()
            + " is already running: "
            + holder
            + " (follow it with `ssmflow status "
            + holder
            + "` or stop it with `ssmflow cancel "
            + holder
            + "`)");
  }

  /**
   * The request of {@code deploy FLAGS...} (without the word deploy), validated, starting nothing:
   * how {@code ssmflow schedule create ... -- deploy ...} builds its task.
   *
   * @throws IllegalArgumentException with one line when a flag is missing or invalid
   */
  public static DeploymentRequest parseRequest(List<String> flags) {
    return OperationRequests.parse(
        "deploy", new DeployCommand(), flags, c -> c.await, DeployCommand::request);
  }

  /** Every flag checked and turned into the workflow's input; nothing is contacted. */
  DeploymentRequest request() {
    try {
      TemplateValues.check("app", app);
      TemplateValues.check("version", version);
      TemplateValues.check("env", env);
      TargetSpec targetSpec = Targets.resolve(targets, instanceIds, app, env);
      RateLimit concurrency = RateLimit.maxConcurrency(maxConcurrency);
      RateLimit errors = RateLimit.maxErrors(maxErrors);
      int canaryCount = canaryCount();
      Duration timeout =
          Durations.parse(
              "approval-timeout", approvalTimeout, Durations.MIN_TIMEOUT, Durations.MAX_APPROVAL);
      FailurePolicy policy = FailurePolicy.parse(failurePolicy);
      DeploymentSpec deploymentSpec =
          spec == null ? DeploymentSpecs.defaultSpec() : SpecFile.read(spec);
      SpecTemplates.validate(deploymentSpec);
      NotifyFlags.topic(topic, "deployments");
      String namespace = NotifyFlags.metricsNamespace(metricsNamespace);
      WavePlan plan = waves == null ? null : WavePlan.parse(waves);
      Duration bakeTime =
          bake == null
              ? null
              : Durations.parse("bake", bake, Duration.ZERO, DeploymentRequest.MAX_BAKE);
      int gateWave = approveAfterWave == null ? 0 : approveAfterWave;
      if (approveAfterWave != null && approveAfterWave < 1) {
        throw new IllegalArgumentException(
            "approve-after-wave must be 1 or more, not " + approveAfterWave);
      }
      return DeploymentRequest.newBuilder(app, version, env, targetSpec)
          .maxConcurrency(concurrency)
          .maxErrors(errors)
          .canaryCount(canaryCount)
          .approval(approve || gateWave > 0, timeout)
          .failurePolicy(policy)
          .spec(deploymentSpec)
          .snsTopicArn(topic)
          .metricsNamespace(namespace)
          .waves(plan)
          .bake(bakeTime)
          .approveAfterWave(gateWave)
          .alarms(alarmFlags.settings())
          .build();
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  private int canaryCount() {
    try {
      int n = Integer.parseInt(canary.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the one-line message
    }
    throw new IllegalArgumentException(
        "canary must be a whole number of instances (0: none)," + " not '" + canary + "'");
  }

  static WorkflowOptions options(String taskQueue, String workflowId, DeploymentRequest r) {
    // A finished deployment may be run again (a retry after a failure); a running one not.
    return WorkflowRuns.options(
        taskQueue,
        workflowId,
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
        SearchAttributes.newBuilder()
            .set(SsmflowAttributes.OPERATION, "deploy")
            .set(SsmflowAttributes.APP, r.app())
            .set(SsmflowAttributes.ENVIRONMENT, r.environment())
            .build(),
        "Deploy " + r.app() + " " + r.version() + " to " + r.environment(),
        details(r));
  }

  private static String details(DeploymentRequest r) {
    return "targets: "
        + r.targets().describe()
        + "\nmax concurrency: "
        + r.maxConcurrency()
        + ", max errors: "
        + r.maxErrors()
        + "\ncanary: "
        + r.canaryCount()
        + (r.waves() == null ? "" : "\nwaves: " + r.waves())
        + (r.bake() == null ? "" : "\nbake: " + Durations.text(r.bake()))
        + (r.alarms() == null ? "" : "\nalarms: " + r.alarms().selection().describe())
        + (r.approvalRequired() ? ", approval required within " + r.approvalTimeout() : "")
        + "\nfailure policy: "
        + r.failurePolicy().cliName()
        + "\nsteps: "
        + String.join(", ", r.spec().steps().stream().map(s -> s.name()).toList())
        + ", then "
        + r.spec().healthCheck().name();
  }
}
