package io.ssmflow.activities.audit;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.CommandActivitiesImpl;
import io.ssmflow.activities.command.CompletionPoller;
import io.ssmflow.activities.command.Polls;
import io.ssmflow.activities.command.Refusals;
import io.ssmflow.workflows.audit.AuditActivities;
import io.ssmflow.workflows.audit.AuditBatch;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditChecks;
import io.ssmflow.workflows.audit.AuditStepRequest;
import io.ssmflow.workflows.audit.AuditStepResult;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.command.SendResult.RejectedInstance;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;

/**
 * Runs audit checks: one AWS-RunShellScript command per check and batch (sent idempotently
 * through {@link CommandActivitiesImpl}, so SSM fault rules, timeouts and exit codes are per
 * check), then waits through the shared {@link CompletionPoller} (without details) until
 * instances have ended every check, fetches each of their outputs with GetCommandInvocation
 * (24,000 characters, where ListCommandInvocations gives 2,500) and parses them here. Only
 * findings leave the activity: command output never enters workflow history.
 */
public final class AuditActivitiesImpl implements AuditActivities {
  private static final Logger log = LoggerFactory.getLogger(AuditActivitiesImpl.class);

  static final int DELIVERY_TIMEOUT_SECONDS = 300;
  static final Duration FETCH_BACKOFF = Duration.ofMillis(250);
  static final int FETCH_ATTEMPTS = 5;

  private final SsmClient ssm;
  private final CommandActivitiesImpl commands;
  private final CompletionPoller poller;

  @Inject
  public AuditActivitiesImpl(SsmClient ssm, CommandActivitiesImpl commands) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.commands = requireNonNull(commands, "commands is null");
    this.poller = new CompletionPoller(ssm);
  }

  @Override
  public AuditStepResult runChecks(AuditStepRequest request) {
    requireNonNull(request, "request is null");
    try {
      AuditChecks.validate(request.checks());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    List<AuditBatch> batches = new ArrayList<>(request.pending());
    AuditBatch started = null;
    List<SkippedInstance> notChecked = new ArrayList<>();
    if (request.batchKey() != null && !request.start().isEmpty()) {
      started = start(request.batchKey(), request.start(), request.checks(), notChecked, ctx);
      if (started != null) {
        batches.add(started);
      }
    }
    Map<String, Map<Integer, Ended>> complete = await(batches, request.checks().size(),
        request.maxWait(), request.linger());
    List<InstanceAudit> audited = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Ended>> e : complete.entrySet()) {
      ctx.heartbeat("parsing " + e.getKey());
      audit(e.getKey(), e.getValue(), request.checks(), audited, notChecked);
    }
    return new AuditStepResult(started, audited, notChecked);
  }

  /**
   * Sends one command per check to the batch, each at most one command
   * ({@link Refusals#ONE_COMMAND}: an audit batch has one command per check). Instances SSM
   * refuses are reported as not checked, with the reason, and the later checks go without them;
   * null when SSM refused every instance (or the batch as a whole).
   */
  private AuditBatch start(String key, List<String> instanceIds, List<AuditCheck> checks,
      List<SkippedInstance> notChecked, ActivityExecutionContext ctx) {
    List<String> commandIds = new ArrayList<>();
    List<String> batch = new ArrayList<>(instanceIds);
    try {
      for (AuditCheck check : checks) {
        List<String> lines = check.builtIn() ? BuiltInCheckCatalog.get(check.name()).commands()
            : check.commands();
        int timeout = check.builtIn() ? BuiltInCheckCatalog.TIMEOUT_SECONDS
            : check.timeoutSeconds() > 0 ? check.timeoutSeconds()
            : AuditChecks.DEFAULT_TIMEOUT_SECONDS;
        SendResult sent = commands.sendShellCommand(new SendCommandRequest(
            key + "/" + check.name(), "audit " + check.name(), batch, lines, timeout,
            DELIVERY_TIMEOUT_SECONDS), Refusals.ONE_COMMAND);
        if (!sent.rejected().isEmpty()) {
          List<String> refused = new ArrayList<>();
          for (RejectedInstance r : sent.rejected()) {
            refused.add(r.instanceId());
            notChecked.add(new SkippedInstance(r.instanceId(), "command failed: " + r.reason()));
          }
          batch.removeAll(refused);
          for (String earlier : commandIds) {
            commands.cancelCommand(earlier, refused);
          }
        }
        if (sent.commands().size() > 1) {
          throw new IllegalStateException("a one-command send answered "
              + sent.commands().size() + " commands");
        }
        if (batch.isEmpty() || sent.commands().isEmpty()) {
          commandIds.forEach(id -> commands.cancelCommand(id, List.of()));
          return null;
        }
        commandIds.add(sent.commands().get(0).commandId());
        ctx.heartbeat("sent " + check.name());
      }
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() < 400 || e.statusCode() >= 500) {
        throw e; // transient: the activity retries, and the keys find what was sent
      }
      // SSM refused the batch as a whole (not because of an instance): retrying would not
      // help, so its instances are reported instead of blocking the audit.
      for (String commandId : commandIds) {
        commands.cancelCommand(commandId, batch);
      }
      String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName()
          : e.awsErrorDetails().errorCode();
      log.warn("SendCommand rejected batch {}: {}", key, e.getMessage());
      batch.forEach(id -> notChecked.add(new SkippedInstance(id,
          "command failed: SendCommand rejected (" + code + ")")));
      return null;
    }
    return new AuditBatch(commandIds, batch);
  }

  /** How one check's invocation ended on one instance. */
  record Ended(String commandId, InvocationStatus status, String statusDetails) {}

  /**
   * Waits (through the shared {@link CompletionPoller}) until some instance has ended every
   * check (then lingers), or maxWait; answers the instances that have, with how each check
   * ended (by check index). Built afresh each call: stateless, so retry-safe.
   */
  private Map<String, Map<Integer, Ended>> await(List<AuditBatch> batches, int checkCount,
      Duration maxWait, Duration linger) {
    Map<String, Map<Integer, Ended>> ended = new LinkedHashMap<>();
    Map<String, Integer> remaining = new HashMap<>();
    Map<String, Integer> checkOf = new HashMap<>();
    Map<String, List<String>> pending = new LinkedHashMap<>();
    for (AuditBatch b : batches) {
      for (String id : b.instanceIds()) {
        ended.put(id, new HashMap<>());
        remaining.put(id, checkCount);
      }
      for (int i = 0; i < b.commandIds().size(); i++) {
        checkOf.put(b.commandIds().get(i), i);
        pending.put(b.commandIds().get(i), b.instanceIds());
      }
    }
    if (pending.isEmpty()) {
      return Map.of();
    }
    // Details off: outputs are fetched whole (GetCommandInvocation) for complete instances only.
    poller.await(new CompletionPoller.Watch(pending, 0, maxWait, linger, false), finished -> {
      boolean anyComplete = false;
      for (InvocationOutcome o : finished) {
        Map<Integer, Ended> checks = ended.get(o.instanceId());
        if (checks != null && checks.putIfAbsent(checkOf.get(o.commandId()),
            new Ended(o.commandId(), o.status(), o.statusDetails())) == null) {
          anyComplete |= remaining.merge(o.instanceId(), -1, Integer::sum) == 0;
        }
      }
      return anyComplete;
    });
    Map<String, Map<Integer, Ended>> complete = new LinkedHashMap<>();
    ended.forEach((id, checks) -> {
      if (remaining.get(id) == 0) {
        complete.put(id, checks);
      }
    });
    return complete;
  }

  private void audit(String instanceId, Map<Integer, Ended> ended, List<AuditCheck> checks,
      List<InstanceAudit> audited, List<SkippedInstance> notChecked) {
    List<Finding> findings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String undelivered = null;
    int ran = 0;
    for (int i = 0; i < checks.size(); i++) {
      AuditCheck check = checks.get(i);
      Ended e = ended.get(i);
      switch (e.status()) {
        case SUCCESS, FAILED -> {
          ran++;
          CheckOutput output = fetch(e.commandId(), instanceId);
          CheckParser parser = check.builtIn() ? BuiltInCheckCatalog.get(check.name()).parser()
              : new CustomRuleParser(check);
          try {
            findings.addAll(parser.parse(output));
          } catch (CheckFailed f) {
            errors.add(check.name() + ": " + f.getMessage()
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
      notChecked.add(new SkippedInstance(instanceId, undelivered != null ? undelivered
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
        GetCommandInvocationResponse r = ssm.getCommandInvocation(b -> b.commandId(commandId)
            .instanceId(instanceId));
        String stdout = r.standardOutputContent();
        return new CheckOutput(stdout, r.standardErrorContent(),
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
