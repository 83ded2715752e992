package io.ssmflow.activities.audit;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.CommandActivitiesImpl;
import io.ssmflow.activities.command.InvocationStatuses;
import io.ssmflow.activities.command.Polls;
import io.ssmflow.workflows.audit.AuditActivities;
import io.ssmflow.workflows.audit.AuditBatch;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditChecks;
import io.ssmflow.workflows.audit.AuditStepRequest;
import io.ssmflow.workflows.audit.AuditStepResult;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.SendCommandRequest;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

/**
 * Runs audit checks: one AWS-RunShellScript command per check and batch (sent idempotently
 * through {@link CommandActivitiesImpl}, so SSM fault rules, timeouts and exit codes are per
 * check), then polls ListCommandInvocations without details until instances have ended every
 * check, fetches each of their outputs with GetCommandInvocation (24,000 characters, where
 * ListCommandInvocations gives 2,500) and parses them here. Only findings leave the activity:
 * command output never enters workflow history.
 */
public final class AuditActivitiesImpl implements AuditActivities {
  private static final Logger log = LoggerFactory.getLogger(AuditActivitiesImpl.class);

  static final int DELIVERY_TIMEOUT_SECONDS = 300;
  static final Duration INITIAL_POLL = Duration.ofMillis(250);
  static final Duration MAX_POLL = Duration.ofSeconds(2);
  static final int PAGE_SIZE = 50;
  static final int FETCH_ATTEMPTS = 5;

  private final SsmClient ssm;
  private final CommandActivitiesImpl commands;

  @Inject
  public AuditActivitiesImpl(SsmClient ssm, CommandActivitiesImpl commands) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.commands = requireNonNull(commands, "commands is null");
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
      try {
        started = start(request.batchKey(), request.start(), request.checks(), ctx);
        batches.add(started);
      } catch (Rejected e) {
        // SSM refused the batch (e.g. an instance terminated since the targets were resolved):
        // retrying would not help, so its instances are reported instead of blocking the audit.
        request.start().forEach(id -> notChecked.add(new SkippedInstance(id,
            "command failed: SendCommand rejected (" + e.getMessage() + ")")));
      }
    }
    Map<String, Map<Integer, Ended>> complete = await(batches, request.checks().size(),
        request.maxWait(), request.linger() == null ? Duration.ZERO : request.linger(), ctx);
    List<InstanceAudit> audited = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Ended>> e : complete.entrySet()) {
      ctx.heartbeat("parsing " + e.getKey());
      audit(e.getKey(), e.getValue(), request.checks(), audited, notChecked);
    }
    return new AuditStepResult(started, audited, notChecked);
  }

  /** SendCommand refused a batch with a client error that a retry would get again. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private AuditBatch start(String key, List<String> instanceIds, List<AuditCheck> checks,
      ActivityExecutionContext ctx) throws Rejected {
    List<String> commandIds = new ArrayList<>();
    try {
      send(key, instanceIds, checks, commandIds, ctx);
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() < 400 || e.statusCode() >= 500) {
        throw e; // transient: the activity retries, and the key finds what was sent
      }
      for (String commandId : commandIds) {
        commands.cancelCommand(commandId, instanceIds);
      }
      String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName()
          : e.awsErrorDetails().errorCode();
      log.warn("SendCommand rejected batch {}: {}", key, e.getMessage());
      throw new Rejected(code);
    }
    return new AuditBatch(commandIds, instanceIds);
  }

  private void send(String key, List<String> instanceIds, List<AuditCheck> checks,
      List<String> commandIds, ActivityExecutionContext ctx) {
    for (AuditCheck check : checks) {
      List<String> lines = check.builtIn() ? BuiltInCheckCatalog.get(check.name()).commands()
          : check.commands();
      int timeout = check.builtIn() ? BuiltInCheckCatalog.TIMEOUT_SECONDS
          : check.timeoutSeconds() > 0 ? check.timeoutSeconds()
          : AuditChecks.DEFAULT_TIMEOUT_SECONDS;
      commandIds.add(commands.sendShellCommand(new SendCommandRequest(key + "/" + check.name(),
          "audit " + check.name(), instanceIds, lines, timeout, DELIVERY_TIMEOUT_SECONDS)));
      ctx.heartbeat("sent " + check.name());
    }
  }

  /** How one check's invocation ended on one instance. */
  record Ended(String commandId, InvocationStatus status, String statusDetails) {}

  /**
   * Polls until some instance has ended every check (then lingers), or maxWait; answers the
   * instances that have, with how each check ended (by check index).
   */
  private Map<String, Map<Integer, Ended>> await(List<AuditBatch> batches, int checkCount,
      Duration maxWait, Duration linger, ActivityExecutionContext ctx) {
    // instance -> check index -> how it ended; built afresh each call (stateless, retry-safe).
    Map<String, Map<Integer, Ended>> ended = new LinkedHashMap<>();
    Map<String, Integer> remaining = new HashMap<>();
    for (AuditBatch b : batches) {
      for (String id : b.instanceIds()) {
        ended.put(id, new HashMap<>());
        remaining.put(id, checkCount);
      }
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    long returnAt = deadline;
    Duration interval = INITIAL_POLL;
    while (true) {
      boolean progressed = false;
      for (AuditBatch b : batches) {
        for (int i = 0; i < b.commandIds().size(); i++) {
          final int check = i;
          List<String> open = b.instanceIds().stream()
              .filter(id -> !ended.get(id).containsKey(check)).toList();
          if (open.isEmpty()) {
            continue;
          }
          for (Map.Entry<String, Ended> e : poll(b.commandIds().get(i), open).entrySet()) {
            ended.get(e.getKey()).put(check, e.getValue());
            remaining.merge(e.getKey(), -1, Integer::sum);
            progressed = true;
          }
        }
      }
      boolean anyComplete = remaining.values().stream().anyMatch(n -> n == 0);
      boolean allComplete = remaining.values().stream().allMatch(n -> n == 0);
      long now = System.nanoTime();
      if (anyComplete && returnAt == deadline) {
        returnAt = Math.min(deadline, now + linger.toNanos());
      }
      if (allComplete || now >= returnAt) {
        break;
      }
      // Throws ActivityCanceledException once the workflow cancels: polling stops here.
      ctx.heartbeat("waiting for " + remaining.values().stream().filter(n -> n > 0).count()
          + " instances");
      interval = progressed ? INITIAL_POLL : Polls.slower(interval, MAX_POLL);
      Polls.sleep(Math.min(interval.toNanos(), returnAt - now));
    }
    Map<String, Map<Integer, Ended>> complete = new LinkedHashMap<>();
    ended.forEach((id, checks) -> {
      if (remaining.get(id) == 0) {
        complete.put(id, checks);
      }
    });
    return complete;
  }

  /** The instances (among {@code open}) whose invocation of the command has ended. */
  private Map<String, Ended> poll(String commandId, List<String> open) {
    Map<String, Ended> ended = new HashMap<>();
    ListCommandInvocationsRequest request = ListCommandInvocationsRequest.builder()
        .commandId(commandId).details(false).maxResults(PAGE_SIZE).build();
    try {
      for (var page : ssm.listCommandInvocationsPaginator(request)) {
        for (CommandInvocation inv : page.commandInvocations()) {
          if (!open.contains(inv.instanceId())) {
            continue;
          }
          Optional<InvocationStatus> status =
              InvocationStatuses.terminal(inv.statusAsString(), inv.statusDetails());
          status.ifPresent(s -> ended.put(inv.instanceId(),
              new Ended(commandId, s, inv.statusDetails())));
        }
      }
    } catch (InvalidCommandIdException | InvocationDoesNotExistException e) {
      // Normal right after SendCommand (eventual consistency): nothing ended yet.
    } catch (AwsServiceException e) {
      if (!e.isThrottlingException()) {
        throw e;
      }
    }
    return ended;
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
        Polls.sleep(INITIAL_POLL.toNanos() * attempt);
      }
    }
  }
}
