package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CliCommand;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.OperationRequests;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.WorkflowRuns;
import io.ssmflow.cli.deploy.Targets;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.RunbookIds;
import io.ssmflow.workflows.runbook.RunbookRequest;
import io.ssmflow.workflows.runbook.RunbookWorkflow;
import io.ssmflow.workflows.runbook.doc.ParamType;
import io.ssmflow.workflows.runbook.doc.ParameterBinder;
import io.ssmflow.workflows.runbook.doc.ParameterSpec;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow runbook run FILE}: reads and validates the runbook (and the runbooks it starts)
 * and its parameters, then starts a RunbookWorkflow {@code runbook-NAME-HASH}.
 */
@Command(
    name = "run",
    description =
        "Run an SSM Automation document (schemaVersion 0.3, JSON or"
            + " YAML) or an orchestration (steps with dependsOn).")
public final class RunbookRunCommand implements Callable<Integer>, CliCommand {
  @ParentCommand RunbookCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FILE", description = "The runbook (.json, .yaml, .yml).")
  Path file;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description =
          "A parameter, as for aws"
              + " ssm start-automation-execution: ServiceName=nginx, InstanceIds=[\"i-1\",\"i-2\"].")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--targets",
      paramLabel = "tag:K=V[,tag:K=V...]",
      description =
          "Fill the" + " InstanceIds parameter with the running, Online instances with these tags.")
  String targets;

  @Option(
      names = "--instance-ids",
      paramLabel = "ID[,ID...]",
      description = "Fill the" + " InstanceIds parameter.")
  String instanceIds;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N|P%",
      description =
          "MaxConcurrency of" + " aws:runCommand steps that give none (default: 50, as SSM).")
  String maxConcurrency;

  @Option(
      names = "--max-errors",
      paramLabel = "N|P%",
      description = "MaxErrors of aws:runCommand" + " steps that give none (default: 0, as SSM).")
  String maxErrors;

  @Option(names = "--wait", description = "Follow the run to its end.")
  boolean await;

  /** A validated run: its request and workflow id. */
  record Run(RunbookRequest request, String workflowId, List<String> warnings) {}

  @Override
  public Integer call() throws Exception {
    return run(parent.context());
  }

  @Override
  public int run(CliContext context) throws Exception {
    Run run = run();
    PrintWriter out = context.out();
    if (!common.json()) {
      run.warnings().forEach(w -> context.err().println("warning: " + w));
    }
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      RunbookWorkflow wf =
          connection
              .client()
              .newWorkflowStub(
                  RunbookWorkflow.class,
                  options(connection.config().taskQueue(), run.workflowId(), run.request()));
      RunbookWatcher watcher = new RunbookWatcher(connection, context.pollInterval());
      return WorkflowRuns.startAndReport(
          out,
          common.json(),
          run.workflowId(),
          WorkflowRuns.ALREADY_RUNNING,
          () -> WorkflowClient.start(wf::run, run.request()),
          await,
          () -> new AwsShaped(watcher.follow(run.workflowId(), out, common.json())),
          r -> RunbookView.result(r.execution()),
          r -> r.execution().status() == AutomationStatus.SUCCESS ? 0 : CliError.UNSUCCESSFUL);
    }
  }

  /**
   * The request of {@code runbook run FILE FLAGS...} (without the words runbook run), read and
   * validated, starting nothing: how {@code ssmflow schedule} builds a window task.
   *
   * @throws IllegalArgumentException with one line when a flag or the file is invalid
   */
  public static RunbookRequest parseRequest(List<String> flags) {
    return OperationRequests.parse(
        "runbook run", new RunbookRunCommand(), flags, c -> c.await, c -> c.run().request());
  }

  Run run() {
    try {
      DocumentFiles.Read read = DocumentFiles.read(file);
      RunbookDocument doc = read.document();
      Map<String, Object> given = new LinkedHashMap<>(ParamShorthand.parse(params, doc));
      TargetSpec tagTargets = null;
      String targetText = null;
      if (targets != null || instanceIds != null) {
        ParameterSpec ids = doc.parameter(RunbookRequest.INSTANCE_IDS);
        if (ids == null || ids.type() != ParamType.STRING_LIST) {
          throw new IllegalArgumentException(
              "--targets and --instance-ids fill the parameter "
                  + RunbookRequest.INSTANCE_IDS
                  + " (StringList), which "
                  + doc.name()
                  + " does not declare");
        }
        if (given.containsKey(RunbookRequest.INSTANCE_IDS)) {
          throw new IllegalArgumentException(
              "give InstanceIds with --param or with --targets /" + " --instance-ids, not both");
        }
        TargetSpec spec = Targets.resolve(targets, instanceIds, null, null);
        targetText = spec.describe();
        if (spec.instanceIds().isEmpty()) {
          tagTargets = spec;
        } else {
          given.put(RunbookRequest.INSTANCE_IDS, spec.instanceIds());
        }
      }
      ParameterBinder.bind(
          doc, given, tagTargets == null ? Set.of() : Set.of(RunbookRequest.INSTANCE_IDS));
      String concurrency =
          maxConcurrency == null ? null : RateLimit.maxConcurrency(maxConcurrency).text();
      String errors = maxErrors == null ? null : RateLimit.maxErrors(maxErrors).text();
      RunbookRequest request =
          new RunbookRequest(
              doc,
              read.library(),
              given,
              tagTargets,
              concurrency,
              errors,
              System.getProperty("user.name", "unknown"),
              0,
              null);
      String id = RunbookIds.workflowId(doc.name(), given, tagTargets == null ? null : targetText);
      return new Run(request, id, read.warnings());
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  static WorkflowOptions options(String taskQueue, String workflowId, RunbookRequest r) {
    RunbookDocument doc = r.document();
    return WorkflowRuns.options(
        taskQueue,
        workflowId,
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
        SearchAttributes.newBuilder()
            .set(SsmflowAttributes.OPERATION, "runbook")
            .set(SsmflowAttributes.DOCUMENT, doc.name())
            .build(),
        "Runbook "
            + doc.name()
            + " ("
            + RunbookView.format(doc.format())
            + ", "
            + doc.steps().size()
            + " steps)",
        details(r));
  }

  private static String details(RunbookRequest r) {
    StringBuilder b = new StringBuilder();
    if (r.document().description() != null) {
      b.append(r.document().description().trim()).append('\n');
    }
    b.append("steps: ")
        .append(
            String.join(
                ", ",
                r.document().steps().stream()
                    .map(s -> s.name() + " (" + s.action() + ")")
                    .toList()));
    if (r.instanceTargets() != null) {
      b.append("\nInstanceIds: ").append(r.instanceTargets().describe());
    }
    return b.toString();
  }
}
