package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest.Builder;

/**
 * SSM Run Command: idempotent sends (the idempotency key rides in {@code Comment} and is looked
 * up with ListCommands before sending), and waiting by polling ListCommandInvocations with
 * backoff and a heartbeat per poll.
 */
public final class CommandActivitiesImpl implements CommandActivities {
  private static final Logger log = LoggerFactory.getLogger(CommandActivitiesImpl.class);

  static final String SHELL_DOCUMENT = "AWS-RunShellScript";
  static final String PATCH_DOCUMENT = "AWS-RunPatchBaseline";
  /**
   * The command's own rate control is switched off: the workflow owns MaxConcurrency and
   * MaxErrors across batches, and one instance's failure must not cancel its batch siblings.
   */
  static final String MAX_CONCURRENCY = "50";
  static final String MAX_ERRORS = "100%";
  static final int MIN_DELIVERY_TIMEOUT = 30;
  static final int MAX_DELIVERY_TIMEOUT = 2_592_000;
  /** AWS-RunPatchBaseline has no executionTimeout parameter; this bounds its delivery only. */
  static final int PATCH_DELIVERY_TIMEOUT = 600;
  /** How far before the activity was first scheduled a previous attempt's command may lie. */
  static final Duration LOOKUP_MARGIN = Duration.ofMinutes(10);

  static final Duration INITIAL_POLL = Duration.ofMillis(250);
  static final Duration MAX_POLL = Duration.ofSeconds(2);
  /** How long a command may stay unknown (InvalidCommandId) before it is taken as bogus. */
  static final Duration UNKNOWN_COMMAND_GRACE = Duration.ofSeconds(30);
  static final int PAGE_SIZE = 50;
  /** AWS-RunPatchBaseline's SnapshotId: a GUID naming the baseline snapshot of one run. */
  static final Pattern PATCH_SNAPSHOT_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final int SEND_ATTEMPTS = 8;
  static final Duration SEND_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_SEND_BACKOFF = Duration.ofSeconds(5);

  /** Turns the SDK's retries off for one request. */
  private static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(
      config.overrideConfiguration().toBuilder()
          .retryStrategy(AwsRetryStrategy.doNotRetry()).build());

  private final SsmClient ssm;

  @Inject
  public CommandActivitiesImpl(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  @Override
  public String sendShellCommand(SendCommandRequest request) {
    requireNonNull(request, "request is null");
    if (request.commands().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("no shell commands to send", "InvalidInput");
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("commands", request.commands());
    parameters.put("executionTimeout",
        List.of(Integer.toString(Math.max(1, request.executionTimeoutSeconds()))));
    return sendOnce(request.idempotencyKey(), request.label(), request.instanceIds(),
        b -> b.documentName(SHELL_DOCUMENT).parameters(parameters)
            .timeoutSeconds(clampDelivery(request.deliveryTimeoutSeconds())));
  }

  @Override
  public String sendPatchBaseline(PatchBaselineRequest request) {
    requireNonNull(request, "request is null");
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("Operation", List.of(requireNonNull(request.operation(), "operation is null")));
    if (request.rebootOption() != null) {
      parameters.put("RebootOption", List.of(request.rebootOption()));
    }
    if (request.snapshotId() != null) {
      if (!PATCH_SNAPSHOT_ID.matcher(request.snapshotId()).matches()) {
        throw ApplicationFailure.newNonRetryableFailure("SnapshotId must be a GUID (the patch"
            + " snapshot of the run, not an EBS snapshot id): " + request.snapshotId(),
            "InvalidInput");
      }
      parameters.put("SnapshotId", List.of(request.snapshotId()));
    }
    return sendOnce(request.idempotencyKey(), request.label(), request.instanceIds(),
        b -> b.documentName(PATCH_DOCUMENT).parameters(parameters)
            .timeoutSeconds(PATCH_DELIVERY_TIMEOUT));
  }

  private String sendOnce(String key, String label, List<String> instanceIds,
      java.util.function.Consumer<Builder> document) {
    requireNonNull(key, "idempotencyKey is null");
    List<String> ids = List.copyOf(new LinkedHashSet<>(instanceIds));
    Optional<String> existing = findSent(key, ids.get(0));
    if (existing.isPresent()) {
      log.info("command {} for key {} was sent by an earlier attempt; not sending again",
          existing.get(), key);
      return existing.get();
    }
    Builder builder = software.amazon.awssdk.services.ssm.model.SendCommandRequest.builder()
        .instanceIds(ids)
        .comment(CommandComments.comment(key, label))
        .maxConcurrency(MAX_CONCURRENCY)
        .maxErrors(MAX_ERRORS);
    document.accept(builder);
    builder.overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES));
    String commandId = sendWithoutDuplicates(builder.build(), key, ids.get(0));
    log.info("sent command {} to {} instances ({})", commandId, ids.size(), label);
    return commandId;
  }

  /**
   * SendCommand with the SDK's retries off: an SDK retry after a lost answer would run the
   * command twice. Throttled calls never ran, so they are resent here with backoff; after any
   * other failure that may have reached SSM (I/O, timeout, 5xx) the command is looked up first.
   */
  private String sendWithoutDuplicates(
      software.amazon.awssdk.services.ssm.model.SendCommandRequest request, String key,
      String anyInstanceId) {
    Duration backoff = SEND_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        return ssm.sendCommand(request).command().commandId();
      } catch (AwsServiceException e) {
        if (e.isThrottlingException() && attempt < SEND_ATTEMPTS) {
          Activity.getExecutionContext().heartbeat("SendCommand throttled, attempt " + attempt);
          Polls.sleep(backoff.toNanos() / 2 + (long) (Math.random() * backoff.toNanos() / 2));
          backoff = Polls.min(MAX_SEND_BACKOFF, backoff.multipliedBy(2));
          continue;
        }
        if (e.statusCode() >= 400 && e.statusCode() < 500) {
          throw e; // rejected, so certainly not sent
        }
        return findSent(key, anyInstanceId).orElseThrow(() -> e);
      } catch (SdkException e) {
        return findSent(key, anyInstanceId).orElseThrow(() -> e);
      }
    }
  }

  /**
   * The command an earlier attempt sent with this key, if any. Asking for the commands of one
   * of its instances since shortly before the activity was first scheduled keeps this to one
   * small page however busy the account is.
   */
  private Optional<String> findSent(String key, String anyInstanceId) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long scheduled = ctx.getInfo().getScheduledTimestamp();
    Instant since = (scheduled > 0 ? Instant.ofEpochMilli(scheduled) : Instant.now())
        .minus(LOOKUP_MARGIN).truncatedTo(ChronoUnit.SECONDS);
    ListCommandsRequest request = ListCommandsRequest.builder()
        .instanceId(anyInstanceId)
        .filters(CommandFilter.builder().key(CommandFilterKey.INVOKED_AFTER)
            .value(since.toString()).build())
        .maxResults(PAGE_SIZE)
        .build();
    for (var page : ssm.listCommandsPaginator(request)) {
      for (Command command : page.commands()) {
        if (CommandComments.matches(command.comment(), key)) {
          return Optional.of(command.commandId());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public AwaitResult awaitInvocations(AwaitRequest request) {
    requireNonNull(request, "request is null");
    Duration maxWait = requireNonNull(request.maxWait(), "maxWait is null");
    Duration linger = request.linger() == null ? Duration.ZERO : request.linger();
    ActivityExecutionContext ctx = Activity.getExecutionContext();

    Map<String, Set<String>> pending = new LinkedHashMap<>();
    for (PendingCommand command : request.commands()) {
      pending.computeIfAbsent(command.commandId(), k -> new LinkedHashSet<>())
          .addAll(command.instanceIds());
    }
    pending.values().removeIf(Set::isEmpty);
    List<InvocationOutcome> finished = new ArrayList<>();
    Map<String, Long> unknownSince = new HashMap<>();

    long start = System.nanoTime();
    long deadline = start + maxWait.toNanos();
    long returnAt = deadline;
    Duration interval = INITIAL_POLL;
    while (!pending.isEmpty()) {
      int before = finished.size();
      boolean throttled = false;
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Set<String>> entry = it.next();
        try {
          poll(entry.getKey(), entry.getValue(), finished);
          unknownSince.remove(entry.getKey());
        } catch (InvalidCommandIdException | InvocationDoesNotExistException e) {
          // Normal right after SendCommand (eventual consistency); bogus if it lasts.
          long since = unknownSince.computeIfAbsent(entry.getKey(), k -> System.nanoTime());
          if (System.nanoTime() - since > UNKNOWN_COMMAND_GRACE.toNanos()) {
            throw ApplicationFailure.newNonRetryableFailure("SSM does not know command "
                + entry.getKey() + ": " + e.awsErrorDetails().errorCode(), "UnknownCommand");
          }
        } catch (AwsServiceException e) {
          if (!e.isThrottlingException()) {
            throw e;
          }
          // The SDK's adaptive retries gave up; waiting is cheap, so just poll later.
          throttled = true;
        }
        if (entry.getValue().isEmpty()) {
          it.remove();
        }
      }
      long now = System.nanoTime();
      if (before == 0 && !finished.isEmpty()) {
        returnAt = Math.min(deadline, now + linger.toNanos());
      }
      if (pending.isEmpty() || now >= returnAt) {
        break;
      }
      // Throws ActivityCanceledException once the workflow cancels us: polling stops here.
      ctx.heartbeat("pending " + pendingCount(pending) + ", finished " + finished.size());
      interval = throttled ? MAX_POLL
          : finished.size() > before ? INITIAL_POLL
          : Polls.slower(interval, MAX_POLL);
      Polls.sleep(Math.min(interval.toNanos(), returnAt - now));
    }
    return new AwaitResult(finished);
  }

  /** One ListCommandInvocations (more only past 50 invocations) for a command. */
  private void poll(String commandId, Set<String> pendingIds, List<InvocationOutcome> finished) {
    ListCommandInvocationsRequest request = ListCommandInvocationsRequest.builder()
        .commandId(commandId).details(true).maxResults(PAGE_SIZE).build();
    for (var page : ssm.listCommandInvocationsPaginator(request)) {
      for (CommandInvocation invocation : page.commandInvocations()) {
        if (!pendingIds.contains(invocation.instanceId())) {
          continue;
        }
        Optional<InvocationStatus> status =
            InvocationStatuses.terminal(invocation.statusAsString(), invocation.statusDetails());
        if (status.isPresent()) {
          pendingIds.remove(invocation.instanceId());
          finished.add(outcome(commandId, invocation, status.get()));
        }
      }
    }
  }

  static InvocationOutcome outcome(
      String commandId, CommandInvocation invocation, InvocationStatus status) {
    StringBuilder output = new StringBuilder();
    Integer code = null;
    for (CommandPlugin plugin : invocation.commandPlugins()) {
      if (plugin.output() != null) {
        output.append(plugin.output());
      }
      // A multi-step document's verdict is its first failing step, else its last step.
      if (plugin.responseCode() != null && (code == null || code == 0)) {
        code = plugin.responseCode();
      }
    }
    boolean ranToExit = status == InvocationStatus.SUCCESS || status == InvocationStatus.FAILED;
    int responseCode = ranToExit && code != null ? code : -1;
    return new InvocationOutcome(commandId, invocation.instanceId(), status, responseCode,
        invocation.statusDetails(), tail(output.toString()));
  }

  static String tail(String output) {
    int max = InvocationOutcome.MAX_OUTPUT_TAIL;
    return output.length() <= max ? output : output.substring(output.length() - max);
  }

  @Override
  public void cancelCommand(String commandId, List<String> instanceIds) {
    requireNonNull(commandId, "commandId is null");
    List<String> ids = instanceIds == null ? List.of()
        : List.copyOf(new LinkedHashSet<>(instanceIds));
    try {
      ssm.cancelCommand(b -> b.commandId(commandId).instanceIds(ids.isEmpty() ? null : ids));
    } catch (InvalidCommandIdException e) {
      // Nothing runs under an id SSM no longer (or never) knew: cancelled is already true.
      log.info("cancel: SSM does not know command {}; nothing to cancel", commandId);
    } catch (InvalidInstanceIdException e) {
      // One unreachable or finished instance fails the whole call: cancel the rest one by one.
      if (ids.size() <= 1) {
        log.info("cancel {}: instance not cancellable ({})", commandId, e.getMessage());
        return;
      }
      for (String id : ids) {
        cancelCommand(commandId, List.of(id));
      }
    }
  }

  private static int pendingCount(Map<String, Set<String>> pending) {
    return pending.values().stream().mapToInt(Set::size).sum();
  }

  private static int clampDelivery(int seconds) {
    return Math.max(MIN_DELIVERY_TIMEOUT, Math.min(MAX_DELIVERY_TIMEOUT, seconds));
  }
}
