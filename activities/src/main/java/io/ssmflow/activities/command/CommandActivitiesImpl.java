package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.push.CompletionPush;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

/**
 * SSM Run Command: idempotent sends ({@link CommandSender}) of the two documents ssmflow runs,
 * waits through the shared {@link CompletionPoller}, and cancels.
 */
public final class CommandActivitiesImpl implements CommandActivities {
  private static final Logger log = LoggerFactory.getLogger(CommandActivitiesImpl.class);

  static final String SHELL_DOCUMENT = "AWS-RunShellScript";
  static final String PATCH_DOCUMENT = "AWS-RunPatchBaseline";
  static final int MIN_DELIVERY_TIMEOUT = 30;
  static final int MAX_DELIVERY_TIMEOUT = 2_592_000;

  /** AWS-RunPatchBaseline has no executionTimeout parameter; this bounds its delivery only. */
  static final int PATCH_DELIVERY_TIMEOUT = 600;

  /** AWS-RunPatchBaseline's SnapshotId: a GUID naming the baseline snapshot of one run. */
  static final Pattern PATCH_SNAPSHOT_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final SsmClient ssm;
  private final CommandSender sender;
  private final CompletionPoller poller;

  /** Commands followed by polling only. */
  public CommandActivitiesImpl(SsmClient ssm) {
    this(ssm, CompletionPush.OFF);
  }

  /** Commands that ask SSM to push their ends to {@code push}, when it is on. */
  @Inject
  public CommandActivitiesImpl(SsmClient ssm, CompletionPush push) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    requireNonNull(push, "push is null");
    this.sender = new CommandSender(ssm, push.settings());
    this.poller = new CompletionPoller(ssm, push.feed());
  }

  @Override
  public SendResult sendShellCommand(SendCommandRequest request) {
    return sendShellCommand(request, Refusals.RESEND_IN_PARTS);
  }

  /**
   * Sends AWS-RunShellScript like {@link #sendShellCommand(SendCommandRequest)}, with a choice of
   * what a refused batch becomes (for callers inside an activity, such as the audit).
   */
  public SendResult sendShellCommand(SendCommandRequest request, Refusals refusals) {
    requireNonNull(request, "request is null");
    if (request.commands().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("no shell commands to send", "InvalidInput");
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("commands", request.commands());
    parameters.put(
        "executionTimeout",
        List.of(Integer.toString(Math.max(1, request.executionTimeoutSeconds()))));
    return sender.send(
        new CommandSender.Spec(
            request.idempotencyKey(),
            request.label(),
            request.instanceIds(),
            b ->
                b.documentName(SHELL_DOCUMENT)
                    .parameters(parameters)
                    .timeoutSeconds(clampDelivery(request.deliveryTimeoutSeconds())),
            refusals),
        SendAttempt.current());
  }

  @Override
  public SendResult sendPatchBaseline(PatchBaselineRequest request) {
    requireNonNull(request, "request is null");
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("Operation", List.of(requireNonNull(request.operation(), "operation is null")));
    if (request.rebootOption() != null) {
      parameters.put("RebootOption", List.of(request.rebootOption()));
    }
    if (request.snapshotId() != null) {
      if (!PATCH_SNAPSHOT_ID.matcher(request.snapshotId()).matches()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "SnapshotId must be a GUID (the patch"
                + " snapshot of the run, not an EBS snapshot id): "
                + request.snapshotId(),
            "InvalidInput");
      }
      parameters.put("SnapshotId", List.of(request.snapshotId()));
    }
    return sender.send(
        new CommandSender.Spec(
            request.idempotencyKey(),
            request.label(),
            request.instanceIds(),
            b ->
                b.documentName(PATCH_DOCUMENT)
                    .parameters(parameters)
                    .timeoutSeconds(PATCH_DELIVERY_TIMEOUT),
            Refusals.RESEND_IN_PARTS),
        SendAttempt.current());
  }

  @Override
  public AwaitResult awaitInvocations(AwaitRequest request) {
    requireNonNull(request, "request is null");
    Map<String, Set<String>> pending = new LinkedHashMap<>();
    for (PendingCommand command : request.commands()) {
      pending
          .computeIfAbsent(command.commandId(), k -> new LinkedHashSet<>())
          .addAll(command.instanceIds());
    }
    return new AwaitResult(
        poller.await(
            new CompletionPoller.Watch(
                pending, request.sentAfterMillis(), request.maxWait(), request.linger(), true),
            finished -> true));
  }

  @Override
  public void cancelCommand(String commandId, List<String> instanceIds) {
    requireNonNull(commandId, "commandId is null");
    List<String> ids =
        instanceIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(instanceIds));
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

  private static int clampDelivery(int seconds) {
    return Math.max(MIN_DELIVERY_TIMEOUT, Math.min(MAX_DELIVERY_TIMEOUT, seconds));
  }
}
