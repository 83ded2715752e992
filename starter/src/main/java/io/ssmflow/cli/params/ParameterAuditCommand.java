package io.ssmflow.cli.params;

import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Durations;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterAuditProgress;
import io.ssmflow.workflows.params.ParameterAuditRequest;
import io.ssmflow.workflows.params.ParameterAuditResult;
import io.ssmflow.workflows.params.ParameterAuditWorkflow;
import io.ssmflow.workflows.params.ParamsIds;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow params audit --path P}: starts a ParameterAuditWorkflow. */
@Command(
    name = "audit",
    description =
        "Audit Parameter Store under a path: sensitive names in"
            + " plain text, default KMS key, unencrypted /security/ /compliance/ /audit/, stale values.")
public final class ParameterAuditCommand implements Callable<Integer> {
  static final int MAX_STALE_DAYS = 3650;

  @ParentCommand ParamsCommand parent;
  @Mixin CommonOptions common;

  @Option(
      names = "--path",
      required = true,
      paramLabel = "PATH",
      description = "Path audited recursively (/ for everything).")
  String path;

  @Option(
      names = "--stale-days",
      paramLabel = "N",
      defaultValue = "90",
      description =
          "Flag parameters unchanged for more than N days (0: off, at most"
              + " 3650; default: ${DEFAULT-VALUE}).")
  int staleDays;

  @Option(
      names = "--sensitive-pattern",
      paramLabel = "REGEX",
      description = "Sensitive names" + " (repeatable; replaces the default list).")
  List<String> patterns = new ArrayList<>();

  @Option(
      names = "--remediate",
      description =
          "After `ssmflow approve ID`, convert flagged" + " String parameters to SecureString.")
  boolean remediate;

  @Option(
      names = "--approval-timeout",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description =
          "No decision within this time converts nothing (at most 30d; default:"
              + " ${DEFAULT-VALUE}).")
  String approvalTimeout;

  @Option(names = "--wait", description = "Follow the audit to its end.")
  boolean await;

  @Override
  public Integer call() throws Exception {
    ParameterAuditRequest request = request();
    String workflowId = ParamsIds.auditId(request.path());
    CliContext context = parent.context();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(context.env()))) {
      ParameterAuditWorkflow workflow =
          connection
              .client()
              .newWorkflowStub(
                  ParameterAuditWorkflow.class,
                  ParamsSupport.options(
                      connection.config().taskQueue(),
                      workflowId,
                      "Audit parameters under " + request.path(),
                      "params-audit"));
      return ParamsSupport.startAndReport(
          context,
          common,
          connection,
          workflowId,
          () -> WorkflowClient.start(workflow::audit, request),
          await,
          ParameterAuditResult.class,
          () -> progressLine(connection, workflowId),
          r -> ParamsView.audit(workflowId, r),
          r -> true);
    }
  }

  private static String progressLine(TemporalConnection connection, String workflowId) {
    ParameterAuditProgress p =
        connection.client().newWorkflowStub(ParameterAuditWorkflow.class, workflowId).progress();
    if (p.awaitingApproval()) {
      return "awaiting approval to convert "
          + p.remediable()
          + " parameters to SecureString:"
          + " ssmflow approve "
          + workflowId
          + " | ssmflow reject "
          + workflowId;
    }
    return p.phase() + ": " + p.findings() + " findings";
  }

  ParameterAuditRequest request() {
    try {
      String p = path.trim();
      if (!p.equals("/")) {
        ConfigRules.checkName(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
      }
      if (staleDays < 0 || staleDays > MAX_STALE_DAYS) {
        throw new IllegalArgumentException(
            "stale-days must be between 0 and " + MAX_STALE_DAYS + ", not " + staleDays);
      }
      ConfigRules.securePattern("sensitive-pattern", patterns);
      Duration timeout =
          Durations.parse(
              "approval-timeout", approvalTimeout, Durations.MIN_TIMEOUT, Durations.MAX_APPROVAL);
      return new ParameterAuditRequest(p, staleDays, patterns, remediate, timeout);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }
}
