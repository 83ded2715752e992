package io.ssmflow.activities.audit;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.Polls;
import io.ssmflow.workflows.audit.AuditActivities;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditChecks;
import io.ssmflow.workflows.audit.CheckCommand;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.FindingsRequest;
import io.ssmflow.workflows.audit.FindingsResult;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.audit.InstanceRuns;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.StepRun;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;

/**
 * The audit's checks: their commands (a built-in check's command lives beside the parser that reads
 * what it prints, in {@link BuiltInCheckCatalog}), and the reading of what they printed. The
 * commands run through the fleet-run engine; {@link #readFindings} fetches each output with
 * GetCommandInvocation (24,000 characters, where ListCommandInvocations gives 2,500) and parses it
 * here. Only findings leave the activity: command output never enters workflow history.
 */
public final class AuditActivitiesImpl implements AuditActivities {
  private static final Logger log = LoggerFactory.getLogger(AuditActivitiesImpl.class);

  static final Duration FETCH_BACKOFF = Duration.ofMillis(250);
  static final int FETCH_ATTEMPTS = 5;

  private final SsmClient ssm;

  @Inject
  public AuditActivitiesImpl(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  @Override
  public List<CheckCommand> checkCommands(List<AuditCheck> checks) {
    requireNonNull(checks, "checks is null");
    try {
      AuditChecks.validate(checks);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    List<CheckCommand> out = new ArrayList<>(checks.size());
    for (AuditCheck check : checks) {
      if (check.builtIn()) {
        out.add(
            new CheckCommand(
                check.name(),
                BuiltInCheckCatalog.get(check.name()).commands(),
                BuiltInCheckCatalog.TIMEOUT_SECONDS));
      } else {
        out.add(
            new CheckCommand(
                check.name(),
                check.commands(),
                check.timeoutSeconds() > 0
                    ? check.timeoutSeconds()
                    : AuditChecks.DEFAULT_TIMEOUT_SECONDS));
      }
    }
    return out;
  }

  @Override
  public FindingsResult readFindings(FindingsRequest request) {
    requireNonNull(request, "request is null");
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    List<InstanceAudit> audited = new ArrayList<>();
    List<SkippedInstance> notChecked = new ArrayList<>();
    try {
      for (InstanceRuns instance : request.instances()) {
        ctx.heartbeat("reading " + instance.instanceId());
        audit(
            instance.instanceId(), byCheck(instance.runs()), request.checks(), audited, notChecked);
      }
    } catch (IllegalArgumentException e) {
      // A check the workflow validated cannot get here (a bad regex, an unknown built-in).
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    return new FindingsResult(audited, notChecked);
  }

  /** The last run of each check, by check name. */
  private static Map<String, StepRun> byCheck(List<StepRun> runs) {
    Map<String, StepRun> out = new HashMap<>();
    runs.forEach(r -> out.put(r.step(), r));
    return out;
  }

  /**
   * One instance's verdict: no check ran (undelivered) → not checked; every check that ran gave no
   * verdict and nothing was found → not checked ("command failed: ..."); else its findings and the
   * checks without a verdict.
   */
  private void audit(
      String instanceId,
      Map<String, StepRun> ended,
      List<AuditCheck> checks,
      List<InstanceAudit> audited,
      List<SkippedInstance> notChecked) {
    List<Finding> findings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String undelivered = null;
    int ran = 0;
    for (AuditCheck check : checks) {
      StepRun e = ended.get(check.name());
      if (e == null) {
        errors.add(check.name() + ": not sent");
        continue;
      }
      switch (e.status()) {
        case SUCCESS, FAILED -> {
          ran++;
          CheckOutput output;
          try {
            output = fetch(e.commandId(), instanceId);
          } catch (InvocationDoesNotExistException | InvalidCommandIdException x) {
            errors.add(
                check.name()
                    + ": output not found ("
                    + (x.awsErrorDetails() == null
                        ? x.getClass().getSimpleName()
                        : x.awsErrorDetails().errorCode())
                    + ")");
            continue;
          }
          CheckParser parser =
              check.builtIn()
                  ? BuiltInCheckCatalog.get(check.name()).parser()
                  : new CustomRuleParser(check);
          try {
            findings.addAll(parser.parse(output));
          } catch (CheckFailed f) {
            errors.add(
                check.name()
                    + ": "
                    + f.getMessage()
                    + (output.exitCode() != 0 ? " (exit " + output.exitCode() + ")" : ""));
          }
        }
        case TIMED_OUT -> {
          ran++;
          errors.add(check.name() + ": command timed out");
        }
        case CANCELLED -> errors.add(check.name() + ": cancelled");
        case DELIVERY_TIMED_OUT -> {
          undelivered = "delivery timed out";
          errors.add(check.name() + ": delivery timed out");
        }
        case UNDELIVERABLE -> {
          undelivered = "undeliverable";
          errors.add(check.name() + ": undeliverable");
        }
        default -> throw new IllegalStateException("status " + e.status());
      }
    }
    if (ran == 0) {
      notChecked.add(
          new SkippedInstance(
              instanceId,
              undelivered != null
                  ? undelivered
                  : errors.isEmpty() ? "no check ran" : errors.get(0)));
    } else if (findings.isEmpty() && errors.size() == checks.size()) {
      notChecked.add(new SkippedInstance(instanceId, "command failed: " + errors.get(0)));
    } else {
      audited.add(new InstanceAudit(instanceId, findings, errors));
    }
  }

  /** GetCommandInvocation: the full output (as SSM keeps it) of one check on one instance. */
  private CheckOutput fetch(String commandId, String instanceId) {
    for (int attempt = 1; ; attempt++) {
      try {
        GetCommandInvocationResponse r =
            ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId));
        String stdout = r.standardOutputContent();
        return new CheckOutput(
            stdout,
            r.standardErrorContent(),
            r.responseCode() == null ? -1 : r.responseCode(),
            stdout != null && stdout.length() >= CheckOutput.SSM_STDOUT_LIMIT);
      } catch (InvocationDoesNotExistException e) {
        if (attempt >= FETCH_ATTEMPTS) {
          throw e;
        }
        log.debug("GetCommandInvocation {} {}: not yet visible", commandId, instanceId);
        Polls.sleep(FETCH_BACKOFF.toNanos() * attempt);
      }
    }
  }
}
