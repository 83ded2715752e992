package io.ssmflow.cli.patch;

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
import io.ssmflow.cli.deploy.AlarmFlags;
import io.ssmflow.cli.deploy.AlarmPreflight;
import io.ssmflow.cli.deploy.DeployCommand;
import io.ssmflow.cli.deploy.Targets;
import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.deploy.TemplateValues;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.patch.PatchIds;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchOutcome;
import io.ssmflow.workflows.patch.PatchRequest;
import io.ssmflow.workflows.patch.PatchResult;
import io.ssmflow.workflows.patch.PatchWorkflow;
import io.ssmflow.workflows.patch.RebootOption;
import io.ssmflow.workflows.patch.UnhealthyPolicy;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.wave.WavePlan;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow patch}: validates everything, then starts a PatchWorkflow (Scan: a compliance
 * report; Install: health check, snapshots, AWS-RunPatchBaseline, validation, restore from the
 * snapshot on failure).
 */
@Command(
    name = "patch",
    description =
        "Scan or install patches with AWS-RunPatchBaseline;"
            + " Install snapshots every volume first and restores instances that fail.")
public final class PatchCommand implements Callable<Integer>, CliCommand {
  public static final String DEFAULT_ENV = "default";
  public static final String PRODUCTION = "production";
  public static final String DEFAULT_MAX_CONCURRENCY = "10%";
  public static final String DEFAULT_MAX_ERRORS = "0";
  public static final String DEFAULT_RETENTION = "7d";

  /** The value of --health-command / --validation-command that stands for the built-in check. */
  public static final String DEFAULT_COMMAND = "default";

  /** AWS's pattern for a patch group name (a tag value), without blank-only names. */
  private static final Pattern PATCH_GROUP = Pattern.compile("[\\p{L}\\p{N}_.:/=+@ -]{1,256}");

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Option(
      names = "--patch-group",
      paramLabel = "G",
      description = "Instances tagged PatchGroup=G or 'Patch Group'=G.")
  String patchGroup;

  @Option(
      names = "--targets",
      paramLabel = "tag:K=V[,tag:K=V...]",
      description = "Tag filters, all must match.")
  String targets;

  @Option(names = "--instance-ids", paramLabel = "ID[,ID...]", description = "Explicit instances.")
  String instanceIds;

  @Option(
      names = "--operation",
      paramLabel = "Install|Scan",
      defaultValue = "Install",
      description =
          "Scan reports missing patches and changes nothing; Install patches"
              + " (default: ${DEFAULT-VALUE}).")
  String operation;

  @Option(
      names = "--reboot-option",
      paramLabel = "RebootIfNeeded|NoReboot",
      defaultValue = "RebootIfNeeded",
      description = "AWS-RunPatchBaseline RebootOption" + " (default: ${DEFAULT-VALUE}).")
  String rebootOption;

  @Option(
      names = "--env",
      paramLabel = "E",
      defaultValue = DEFAULT_ENV,
      description =
          "Environment (default: ${DEFAULT-VALUE}); production aborts the run on any"
              + " unhealthy instance and needs an explicit --health-command.")
  String env;

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
      description = "Errors tolerated before no new instance starts (default: ${DEFAULT-VALUE}).")
  String maxErrors;

  @Option(
      names = "--health-command",
      paramLabel = "CMD",
      description =
          "Pre-patch health check line (repeatable; exit 0 = healthy); 'default' is"
              + " the built-in check (disk, memory, load).")
  List<String> healthCommands;

  @Option(
      names = "--validation-command",
      paramLabel = "CMD",
      description =
          "Post-patch validation line (repeatable; exit 0 = valid; default: the"
              + " built-in check).")
  List<String> validationCommands;

  @Option(
      names = "--allow-unhealthy",
      paramLabel = "skip",
      description = "skip: patch the healthy instances even in production.")
  String allowUnhealthy;

  @Option(
      names = "--snapshot-retention",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_RETENTION,
      description =
          "Delete the pre-patch snapshots this long after the run (default:"
              + " ${DEFAULT-VALUE}; 30m, 12h, 7d, ...).")
  String snapshotRetention;

  @Option(names = "--keep-snapshots", description = "Never delete the pre-patch snapshots.")
  boolean keepSnapshots;

  @Option(
      names = "--topic",
      paramLabel = "ARN",
      description = "SNS topic for the summary" + " and alerts.")
  String topic;

  @Option(
      names = "--metrics-namespace",
      paramLabel = "NS",
      defaultValue = DeployCommand.DEFAULT_METRICS_NAMESPACE,
      description = "CloudWatch namespace (default: ${DEFAULT-VALUE}; none: no metrics).")
  String metricsNamespace;

  @Option(names = "--wait", description = "Follow the run to its end and print the result.")
  boolean await;

  @Mixin AlarmFlags alarmFlags = new AlarmFlags();

  @Option(
      names = "--waves",
      paramLabel = "N|P%[,...]",
      description =
          "Install in waves,"
              + " Ansible's serial list; the last size repeats (e.g. 1,25%%,100%%). See docs/waves.md.")
  String waves;

  @Option(
      names = "--bake",
      paramLabel = "DURATION",
      description = "Wait after each wave of an" + " Install with the alarms watched (e.g. 5m).")
  String bake;

  @Option(
      names = "--plan",
      description =
          "Print what the run would do (targets, steps as" + " sent, alarms) and start nothing.")
  boolean plan;

  @Override
  public Integer call() throws Exception {
    return run(cli.context());
  }

  @Override
  public int run(CliContext context) throws Exception {
    PatchRequest request = request();
    if (plan) {
      PatchPlan p = PatchPlan.of(request, context.env());
      context.out().print(common.json() ? io.ssmflow.cli.Json.write(p) + "\n" : p.text());
      context.out().flush();
      return 0;
    }
    if (request.alarms() != null) {
      AlarmPreflight.check(request.alarms(), context.env());
    }
    String workflowId =
        PatchIds.workflowId(request.operation(), request.targets(), request.environment());
    PrintWriter out = context.out();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      PatchWorkflow workflow =
          connection
              .client()
              .newWorkflowStub(
                  PatchWorkflow.class,
                  options(connection.config().taskQueue(), workflowId, request));
      return WorkflowRuns.startAndReport(
          out,
          common.json(),
          workflowId,
          WorkflowRuns.ALREADY_RUNNING,
          () -> WorkflowClient.start(workflow::patch, request),
          await,
          () ->
              new PatchWatcher(connection, context.pollInterval())
                  .follow(workflowId, out, context.tty(common), common.json()),
          r -> PatchView.result(workflowId, r),
          r -> exitCode(workflowId, r, context.err()));
    }
  }

  /** 0 on SUCCEEDED, else 1; a failed restore is also shouted on stderr. */
  public static int exitCode(String workflowId, PatchResult result, PrintWriter err) {
    if (result.outcome() == PatchOutcome.ROLLBACK_FAILED || result.rollbackFailed() > 0) {
      err.println("ssmflow: " + workflowId + ": " + PatchView.rollbackFailedAlert(result));
      err.flush();
    }
    return result.outcome().isSuccess() ? 0 : CliError.UNSUCCESSFUL;
  }

  /**
   * The request of {@code patch FLAGS...} (without the word patch), validated, starting nothing:
   * how {@code ssmflow schedule create ... -- patch ...} builds its task.
   *
   * @throws IllegalArgumentException with one line when a flag is missing or invalid
   */
  public static PatchRequest parseRequest(List<String> flags) {
    return OperationRequests.parse(
        "patch", new PatchCommand(), flags, c -> c.await, PatchCommand::request);
  }

  /** Every flag checked and turned into the workflow's input; nothing is contacted. */
  PatchRequest request() {
    try {
      TemplateValues.check("env", env);
      PatchOperation op = PatchOperation.parse(operation);
      if (op == null) {
        throw new IllegalArgumentException(
            "operation must be Install or Scan, not '" + operation + "'");
      }
      RebootOption reboot = RebootOption.parse(rebootOption);
      if (reboot == null) {
        throw new IllegalArgumentException(
            "reboot-option must be RebootIfNeeded or NoReboot," + " not '" + rebootOption + "'");
      }
      TargetSpec targetSpec = targets();
      RateLimit concurrency = RateLimit.maxConcurrency(maxConcurrency);
      RateLimit errors = RateLimit.maxErrors(maxErrors);
      Duration retention = retention(snapshotRetention);
      boolean production = PRODUCTION.equalsIgnoreCase(env);
      if (production
          && op == PatchOperation.INSTALL
          && (healthCommands == null || healthCommands.isEmpty())) {
        throw new IllegalArgumentException(
            "--env "
                + env
                + " needs an explicit --health-command"
                + " (give --health-command default for the built-in disk/memory/load/service check)");
      }
      UnhealthyPolicy policy = unhealthyPolicy(production);
      List<String> health =
          commands("health-command", healthCommands, PatchCommands.DEFAULT_HEALTH);
      List<String> validation =
          commands("validation-command", validationCommands, PatchCommands.DEFAULT_VALIDATION);
      NotifyFlags.topic(topic, "patching");
      String namespace = NotifyFlags.metricsNamespace(metricsNamespace);
      AlarmSettings alarms = alarmFlags.settings();
      if (alarms != null && op != PatchOperation.INSTALL) {
        throw new IllegalArgumentException("alarms gate an Install; a Scan changes nothing");
      }
      WavePlan plan = waves == null ? null : WavePlan.parse(waves);
      Duration bakeTime =
          bake == null
              ? null
              : Durations.parse("bake", bake, Duration.ZERO, DeploymentRequest.MAX_BAKE);
      if ((plan != null || bakeTime != null) && op != PatchOperation.INSTALL) {
        throw new IllegalArgumentException("waves and bake apply to an Install, not a Scan");
      }
      return new PatchRequest(
              targetSpec,
              op,
              reboot,
              env,
              concurrency,
              errors,
              health,
              validation,
              policy,
              retention,
              keepSnapshots,
              topic,
              namespace,
              0L,
              alarms,
              null,
              null)
          .withWaves(plan, bakeTime);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  private TargetSpec targets() {
    int given =
        (patchGroup != null ? 1 : 0) + (targets != null ? 1 : 0) + (instanceIds != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException(
          "give exactly one of --patch-group, --targets or" + " --instance-ids");
    }
    if (patchGroup != null) {
      if (!PATCH_GROUP.matcher(patchGroup).matches() || patchGroup.isBlank()) {
        throw new IllegalArgumentException(
            "--patch-group '"
                + patchGroup.replaceAll("\\p{Cntrl}", "?")
                + "' is not a patch group name (1 to 256 letters, digits, spaces"
                + " and _.:/=+-@)");
      }
      return TargetSpec.ofPatchGroup(patchGroup);
    }
    return Targets.resolve(targets, instanceIds, null, null);
  }

  /**
   * The snapshot retention: a positive duration ({@code 30m}, {@code 12h}, {@code 7d}, ISO-8601).
   * Zero is rejected: "keep nothing" would delete the restore point as the run ends; use {@code
   * --keep-snapshots} to keep them, or a short retention.
   */
  static Duration retention(String text) {
    Duration d;
    try {
      d = Durations.parse("snapshot-retention", text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "snapshot-retention must be a duration such as 30m, 12h" + " or 7d, not '" + text + "'");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "snapshot-retention must be positive, not '"
              + text
              + "' (use --keep-snapshots to keep the snapshots)");
    }
    if (d.compareTo(Durations.MAX_RETENTION) > 0) {
      throw new IllegalArgumentException(
          "snapshot-retention must be at most 365d, not '"
              + text
              + "' (use --keep-snapshots to keep the snapshots)");
    }
    return d;
  }

  private UnhealthyPolicy unhealthyPolicy(boolean production) {
    if (allowUnhealthy != null) {
      if (!"skip".equals(allowUnhealthy.trim().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "allow-unhealthy takes only 'skip', not '" + allowUnhealthy + "'");
      }
      return UnhealthyPolicy.SKIP;
    }
    return production ? UnhealthyPolicy.ABORT : UnhealthyPolicy.SKIP;
  }

  /**
   * The given lines (the word {@code default} expands to the built-in lines), or the built-in lines
   * when none is given. Commands are the operator's own shell, as with a deploy spec; they only
   * have to be one non-blank line each.
   */
  static List<String> commands(String flag, List<String> given, List<String> defaults) {
    if (given == null || given.isEmpty()) {
      return defaults;
    }
    List<String> lines = new ArrayList<>();
    for (String line : given) {
      if (line == null || line.isBlank()) {
        throw new IllegalArgumentException(flag + " must not be empty");
      }
      if (line.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(flag + " must not contain a NUL character");
      }
      if (DEFAULT_COMMAND.equals(line.trim())) {
        lines.addAll(defaults);
      } else {
        lines.add(line);
      }
    }
    return lines;
  }

  static WorkflowOptions options(String taskQueue, String workflowId, PatchRequest r) {
    // A finished run may be run again (next month's patches); a running one not.
    return WorkflowRuns.options(
        taskQueue,
        workflowId,
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
        SearchAttributes.newBuilder()
            .set(SsmflowAttributes.OPERATION, "patch")
            .set(SsmflowAttributes.ENVIRONMENT, r.environment())
            .build(),
        "Patch "
            + r.operation().awsName()
            + " "
            + r.targets().describe()
            + " in "
            + r.environment(),
        details(r));
  }

  private static String details(PatchRequest r) {
    String text =
        "targets: "
            + r.targets().describe()
            + "\noperation: "
            + r.operation().awsName()
            + ", reboot: "
            + r.rebootOption().awsName()
            + "\nmax concurrency: "
            + r.maxConcurrency()
            + ", max errors: "
            + r.maxErrors();
    if (r.operation() == PatchOperation.INSTALL) {
      text +=
          "\nunhealthy instances: "
              + (r.unhealthyPolicy() == UnhealthyPolicy.ABORT ? "abort the run" : "skipped")
              + "\nsnapshots: "
              + (r.keepSnapshots() ? "kept" : "deleted after " + r.snapshotRetention());
    }
    return text;
  }
}
