package io.ssmflow.cli.audit;

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
import io.ssmflow.cli.deploy.Targets;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditChecks;
import io.ssmflow.workflows.audit.AuditIds;
import io.ssmflow.workflows.audit.AuditRequest;
import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.InfrastructureAuditWorkflow;
import io.ssmflow.workflows.audit.SessionAuditRequest;
import io.ssmflow.workflows.audit.SessionAuditResult;
import io.ssmflow.workflows.audit.SessionAuditWorkflow;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.deploy.TemplateValues;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow audit}: a fleet audit (InfrastructureAuditWorkflow), or with {@code --sessions}
 * the Session Manager hygiene audit (SessionAuditWorkflow). Exit codes: 0 when the audit ran to its
 * end, whatever it found (findings are the result, not a failure); 1 when the workflow failed, was
 * cancelled or terminated; 2 bad input.
 */
@Command(
    name = "audit",
    description =
        "Audit the fleet's security, health and compliance"
            + " (or, with --sessions, stale Session Manager sessions).")
public final class AuditCommand implements Callable<Integer>, CliCommand {
  public static final String DEFAULT_METRICS_NAMESPACE = "ssmflow";
  private static final Pattern PATCH_GROUP = Pattern.compile("[^\\p{Cntrl},=]{1,256}");
  private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@+=:/-]{1,128}");

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Option(
      names = "--targets",
      paramLabel = "tag:K=V[,tag:K=V...]",
      description = "Tag filters, all must match.")
  String targets;

  @Option(names = "--instance-ids", paramLabel = "ID[,ID...]", description = "Explicit instances.")
  String instanceIds;

  @Option(names = "--patch-group", paramLabel = "G", description = "A patch group.")
  String patchGroup;

  @Option(
      names = "--env",
      paramLabel = "E",
      description = "Environment label (without other" + " targets: tag:Environment=E).")
  String env;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N|P%",
      defaultValue = AuditRequest.DEFAULT_MAX_CONCURRENCY_TEXT,
      description = "Instances checked at once (default: ${DEFAULT-VALUE}).")
  String maxConcurrency;

  @Option(
      names = "--checks",
      paramLabel = "FILE.yaml",
      description = "Custom checks (and the" + " built-ins to run) in YAML.")
  Path checks;

  @Option(
      names = "--report",
      paramLabel = "FILE.md",
      description = "Write a Markdown report" + " (implies --wait).")
  Path report;

  @Option(names = "--topic", paramLabel = "ARN", description = "SNS topic for the summary.")
  String topic;

  @Option(
      names = "--metrics-namespace",
      paramLabel = "NS",
      defaultValue = DEFAULT_METRICS_NAMESPACE,
      description =
          "CloudWatch namespace of FindingsHigh/Medium/Low (default: ${DEFAULT-VALUE};"
              + " none: no metrics).")
  String metricsNamespace;

  @Option(names = "--wait", description = "Follow the audit to its end and print the result.")
  boolean await;

  @Option(names = "--sessions", description = "Audit Session Manager sessions instead.")
  boolean sessions;

  @Option(
      names = "--max-session-age",
      paramLabel = "DURATION",
      defaultValue = "8h",
      description =
          "With --sessions: sessions active longer are stale (default:" + " ${DEFAULT-VALUE}).")
  String maxSessionAge;

  @Option(
      names = "--terminate-stale",
      description = "With --sessions: terminate stale" + " sessions.")
  boolean terminateStale;

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who terminates (default:" + " $USER).")
  String operator;

  @Override
  public Integer call() throws Exception {
    return run(cli.context());
  }

  @Override
  public int run(CliContext context) throws Exception {
    return sessions ? sessionAudit(context) : fleetAudit(context);
  }

  // ---- fleet audit ---------------------------------------------------------------------------

  private int fleetAudit(CliContext context) throws Exception {
    AuditRequest request = request();
    String workflowId = AuditIds.workflowId(request.targets(), request.environment());
    PrintWriter out = context.out();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      InfrastructureAuditWorkflow stub =
          connection
              .client()
              .newWorkflowStub(
                  InfrastructureAuditWorkflow.class,
                  options(
                      connection.config().taskQueue(),
                      workflowId,
                      "Audit " + request.targets().describe(),
                      request.environment(),
                      "targets: "
                          + request.targets().describe()
                          + "\nmax concurrency: "
                          + request.maxConcurrency().text()
                          + "\nchecks: "
                          + String.join(
                              ", ", request.checks().stream().map(AuditCheck::name).toList())));
      WorkflowExecution execution =
          WorkflowRuns.start(
              workflowId,
              WorkflowRuns.ALREADY_RUNNING,
              () -> WorkflowClient.start(stub::audit, request));
      boolean follow = await || report != null;
      if (!follow) {
        return started(out, workflowId, execution);
      }
      WorkflowRuns.printStartedLine(out, common.json(), workflowId, execution);
      AuditResult result =
          new AuditWatcher(connection, context.pollInterval())
              .follow(workflowId, AuditResult.class, out, common.json(), true);
      if (report != null) {
        writeReport(AuditReport.markdown(workflowId, result));
      }
      WorkflowRuns.printResult(
          out,
          common.json(),
          workflowId,
          execution,
          result,
          report == null ? Map.of() : Map.of("report", report.toString()),
          () ->
              AuditView.result(workflowId, result)
                  + (report == null ? "" : "report written to " + report + System.lineSeparator()));
      return 0;
    }
  }

  /**
   * The request of {@code audit FLAGS...} (without the word audit), validated, starting nothing:
   * how {@code ssmflow schedule create ... -- audit ...} builds its task. Session audits and
   * reports (which follow the run) are not scheduled.
   *
   * @throws IllegalArgumentException with one line when a flag is missing or invalid
   */
  public static AuditRequest parseRequest(List<String> flags) {
    return OperationRequests.parse(
        "audit",
        new AuditCommand(),
        flags,
        c -> {
          if (c.sessions) {
            throw new IllegalArgumentException(
                "audit: --sessions cannot be scheduled (a fleet audit" + " can)");
          }
          if (c.report != null) {
            throw new IllegalArgumentException(
                "audit: --report follows the run and cannot be"
                    + " scheduled (read a run's result with `ssmflow status`)");
          }
          return c.await;
        },
        AuditCommand::request);
  }

  /** Every flag checked and turned into the workflow's input; nothing is contacted. */
  AuditRequest request() {
    try {
      if (terminateStale || operator != null) {
        throw new IllegalArgumentException("--terminate-stale and --operator go with --sessions");
      }
      if (env != null) {
        TemplateValues.check("env", env);
      }
      TargetSpec targetSpec = targetSpec();
      RateLimit concurrency = RateLimit.maxConcurrency(maxConcurrency);
      List<AuditCheck> list = checks == null ? BuiltInChecks.all() : ChecksFile.read(checks);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("checks file " + checks + " selects no check");
      }
      AuditChecks.validate(list);
      NotifyFlags.topic(topic, "audits");
      String namespace = NotifyFlags.metricsNamespace(metricsNamespace);
      checkReportPath();
      return new AuditRequest(targetSpec, concurrency, list, env, topic, namespace, 0);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  private TargetSpec targetSpec() {
    int given =
        (targets != null ? 1 : 0) + (instanceIds != null ? 1 : 0) + (patchGroup != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException(
          "give one of --targets, --instance-ids or" + " --patch-group");
    }
    if (patchGroup != null) {
      if (!PATCH_GROUP.matcher(patchGroup).matches()) {
        throw new IllegalArgumentException(
            "--patch-group must be 1 to 256 characters without"
                + " commas, '=' or control characters");
      }
      return TargetSpec.ofPatchGroup(patchGroup);
    }
    if (given == 0) {
      if (env == null) {
        throw new IllegalArgumentException(
            "say what to audit: --targets, --instance-ids," + " --patch-group or --env");
      }
      return TargetSpec.ofTags(Map.of("Environment", env));
    }
    return Targets.resolve(targets, instanceIds, null, null);
  }

  private void checkReportPath() {
    if (report == null) {
      return;
    }
    Path parent = report.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new IllegalArgumentException(
          "report " + report + ": directory " + parent + " does not exist or is not writable");
    }
    if (Files.isDirectory(report)) {
      throw new IllegalArgumentException("report " + report + " is a directory");
    }
  }

  private void writeReport(String markdown) {
    try {
      Files.writeString(report, markdown);
    } catch (IOException e) {
      throw new CliError(
          CliError.UNSUCCESSFUL,
          "the audit ended but the report could not be"
              + " written to "
              + report
              + ": "
              + e.getMessage());
    }
  }

  // ---- sessions ------------------------------------------------------------------------------

  private int sessionAudit(CliContext context) throws Exception {
    SessionAuditRequest request = sessionRequest(context.env());
    String workflowId = AuditIds.SESSIONS;
    PrintWriter out = context.out();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      SessionAuditWorkflow stub =
          connection
              .client()
              .newWorkflowStub(
                  SessionAuditWorkflow.class,
                  options(
                      connection.config().taskQueue(),
                      workflowId,
                      "Session hygiene audit",
                      null,
                      "max session age: "
                          + request.maxSessionAge()
                          + "\nterminate stale: "
                          + request.terminateStale()
                          + "\noperator: "
                          + request.operator()));
      WorkflowExecution execution =
          WorkflowRuns.start(
              workflowId,
              WorkflowRuns.ALREADY_RUNNING,
              () -> WorkflowClient.start(stub::audit, request));
      if (!await) {
        return started(out, workflowId, execution);
      }
      SessionAuditResult result =
          new AuditWatcher(connection, context.pollInterval())
              .follow(workflowId, SessionAuditResult.class, out, true, false);
      WorkflowRuns.printResult(
          out,
          common.json(),
          workflowId,
          execution,
          result,
          Map.of(),
          () -> AuditView.sessions(workflowId, result));
      return 0;
    }
  }

  SessionAuditRequest sessionRequest(Map<String, String> env) {
    try {
      if (targets != null
          || instanceIds != null
          || patchGroup != null
          || checks != null
          || report != null) {
        throw new IllegalArgumentException(
            "--sessions audits every active session: it takes"
                + " no --targets, --instance-ids, --patch-group, --checks or --report");
      }
      Duration age =
          Durations.parse(
              "max-session-age", maxSessionAge, Duration.ofMinutes(1), Durations.MAX_RETENTION);
      if (topic != null && !NotifyFlags.isTopicArn(topic)) {
        throw new IllegalArgumentException("topic must be an SNS topic ARN, not '" + topic + "'");
      }
      String who = operator != null ? operator : env.get("USER");
      if (who != null && !OPERATOR.matcher(who).matches()) {
        throw new IllegalArgumentException(
            "operator '" + who + "' must be 1 to 128 letters," + " digits or ._@+=:/-");
      }
      if (terminateStale && who == null) {
        throw new IllegalArgumentException(
            "--terminate-stale records who terminates: give" + " --operator NAME (or set USER)");
      }
      return new SessionAuditRequest(age, terminateStale, who, topic);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  // ---- shared --------------------------------------------------------------------------------

  private int started(PrintWriter out, String workflowId, WorkflowExecution execution) {
    WorkflowRuns.printStartedLine(out, common.json(), workflowId, execution);
    WorkflowRuns.printStartedJson(out, common.json(), workflowId, execution);
    out.flush();
    return 0;
  }

  /** Start options: id, search attributes SsmflowOperation=audit (+ environment), summary. */
  public static WorkflowOptions options(
      String taskQueue, String workflowId, String summary, String environment, String details) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder().set(SsmflowAttributes.OPERATION, "audit");
    if (environment != null) {
      attributes.set(SsmflowAttributes.ENVIRONMENT, environment);
    }
    // A finished audit may be run again; a running one not.
    return WorkflowRuns.options(
        taskQueue,
        workflowId,
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
        attributes.build(),
        summary,
        details);
  }
}
