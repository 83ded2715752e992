package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.fleet.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * A sent command: its request, its invocations and the rate-control state (the MaxConcurrency
 * sliding window and the MaxErrors stop). All mutable state is guarded by this object's monitor;
 * the {@link Dispatcher} drives it.
 */
final class Command {
  private static final int INDEX_THRESHOLD = 64;

  final long seq;
  final String id;
  final SendCommandInput request;
  final RunDocument document;

  /** The command text (faults match it; the admin history shows it), computed once. */
  final String text;

  final String region;
  final Instant requested;
  final long visibleAtMillis;

  /** When ListCommands and ListCommandInvocations start to show it. */
  final long listedAtMillis;

  final Invocation[] invocations;
  final int maxConcurrency;
  final int maxErrors;
  private final Map<String, Invocation> index;

  // ---- guarded by this ----
  private int next;
  int inFlight;
  int completed;
  int errors;
  int executionTimeouts;
  int deliveryTimeouts;
  int successes;
  int neutral;
  int cancelled;
  boolean anyDelivered;
  boolean stopped;
  boolean cancelRequested;
  boolean expired;
  boolean discarded;
  String status = "Pending";
  String statusDetails = "Pending";
  long finishedMillis;
  ScheduledFuture<?> deadline;

  Command(
      long seq,
      String id,
      SendCommandInput request,
      String region,
      Instant requested,
      long visibleAtMillis,
      long listedAtMillis,
      List<Instance> targets) {
    this.seq = seq;
    this.id = id;
    this.request = request;
    this.document = request.document();
    this.text = document.text();
    this.region = region;
    this.requested = requested;
    this.visibleAtMillis = visibleAtMillis;
    this.listedAtMillis = listedAtMillis;
    this.invocations = new Invocation[targets.size()];
    for (int i = 0; i < invocations.length; i++) {
      invocations[i] = new Invocation(this, targets.get(i), i);
    }
    this.maxConcurrency = SendCommandInput.concurrencyFor(request.maxConcurrency(), targets.size());
    this.maxErrors = SendCommandInput.errorsFor(request.maxErrors(), targets.size());
    if (invocations.length > INDEX_THRESHOLD) {
      index = new HashMap<>(invocations.length * 2);
      for (Invocation inv : invocations) {
        index.put(inv.instance.id(), inv);
      }
    } else {
      index = null;
    }
  }

  int targetCount() {
    return invocations.length;
  }

  /** The invocation for an instance, or null when the command does not address it. */
  Invocation invocation(String instanceId) {
    if (index != null) {
      return index.get(instanceId);
    }
    for (Invocation inv : invocations) {
      if (inv.instance.id().equals(instanceId)) {
        return inv;
      }
    }
    return null;
  }

  boolean visible(long nowMillis) {
    return nowMillis >= visibleAtMillis;
  }

  boolean listed(long nowMillis) {
    return nowMillis >= listedAtMillis;
  }

  synchronized boolean done() {
    return completed == invocations.length;
  }

  /** When the command expires: delivery timeout plus execution timeout, as SSM computes it. */
  Instant expiresAfter() {
    return requested.plusSeconds(
        (long) request.timeoutSeconds() + document.executionTimeoutSeconds());
  }

  // ---- rate control (callers hold the monitor) ----

  /** Invocations the MaxConcurrency window lets start now; they become in flight. */
  List<Invocation> takeDispatchable() {
    List<Invocation> out = new ArrayList<>();
    while (!stopped
        && !cancelRequested
        && !expired
        && inFlight < maxConcurrency
        && next < invocations.length) {
      Invocation inv = invocations[next++];
      if (inv.phase != Phase.WAITING) {
        continue;
      }
      inv.phase = Phase.QUEUED;
      inFlight++;
      out.add(inv);
    }
    return out;
  }

  boolean hasWaiting() {
    return next < invocations.length;
  }

  /** Counts a finished invocation; answers true when it makes the command exceed MaxErrors. */
  boolean count(Ending ending, boolean wasInFlight) {
    if (wasInFlight) {
      inFlight--;
    }
    completed++;
    switch (ending.kind) {
      case SUCCESS -> successes++;
      case ERROR -> {
        errors++;
        if (ending == Ending.EXECUTION_TIMED_OUT) {
          executionTimeouts++;
        }
      }
      case DELIVERY_TIMEOUT -> deliveryTimeouts++;
      case NEUTRAL -> neutral++;
      case CANCELLED -> cancelled++;
      default -> throw new IllegalStateException();
    }
    if (ending.kind == Ending.Kind.ERROR && !stopped && errors > maxErrors) {
      stopped = true;
      return true;
    }
    return false;
  }

  /** The never-started invocations a MaxErrors stop terminates. */
  List<Invocation> takeNeverStarted() {
    List<Invocation> out = new ArrayList<>();
    for (int i = next; i < invocations.length; i++) {
      if (invocations[i].phase == Phase.WAITING) {
        out.add(invocations[i]);
      }
    }
    next = invocations.length;
    return out;
  }

  /** Live status while running; the final one once every invocation has ended. */
  void refreshStatus(long nowMillis) {
    if (completed == invocations.length) {
      if (finishedMillis == 0) {
        finishedMillis = nowMillis;
      }
      String[] fin = finalStatus();
      status = fin[0];
      statusDetails = fin[1];
    } else if (cancelRequested) {
      status = "Cancelling";
      statusDetails = "Cancelling";
    } else if (anyDelivered) {
      status = "InProgress";
      statusDetails = "InProgress";
    } else {
      status = "Pending";
      statusDetails = "Pending";
    }
  }

  /**
   * The command's final Status and StatusDetails, aggregated as AWS documents it: Success when
   * every invocation succeeded (Undeliverable and InvalidPlatform ones don't count, unless nothing
   * else ran); Failed / TimedOut when the errors (or delivery timeouts) exceed MaxErrors;
   * Incomplete when some did not succeed but not enough to fail the command.
   */
  private String[] finalStatus() {
    int n = invocations.length;
    if (n == 0) {
      return new String[] {"Success", "NoInstancesInTag"};
    }
    if (cancelRequested) {
      return new String[] {"Cancelled", "Cancelled"};
    }
    if (errors > maxErrors) {
      return executionTimeouts == errors
          ? new String[] {"TimedOut", "ExecutionTimedOut"}
          : new String[] {"Failed", "Failed"};
    }
    if (deliveryTimeouts > maxErrors) {
      return new String[] {"TimedOut", "DeliveryTimedOut"};
    }
    if (successes + neutral == n) {
      return successes > 0
          ? new String[] {"Success", "Success"}
          : new String[] {"Failed", "Failed"};
    }
    if (cancelled == n) {
      return new String[] {"Cancelled", "Cancelled"};
    }
    return new String[] {"Failed", "Incomplete"};
  }

  // ---- rendering (callers hold the monitor) ----

  /**
   * The Command structure. SendCommand's own answer reports TargetCount 0 for Targets (SSM resolves
   * them after answering); ListCommands reports the resolved count.
   */
  ObjectNode toJson(boolean sendCommandAnswer) {
    boolean hideCounts = sendCommandAnswer && request.viaTargets();
    ObjectNode n =
        Json.object()
            .put("CommandId", id)
            .put("DocumentName", document.name())
            .put("DocumentVersion", request.documentVersion())
            .put("Comment", request.comment());
    n.set("ExpiresAfter", TimestampNode.of(expiresAfter()));
    n.set("Parameters", request.parameters().deepCopy());
    ArrayNode ids = n.putArray("InstanceIds");
    request.instanceIds().forEach(ids::add);
    n.set("Targets", request.targetsJson().deepCopy());
    n.set("RequestedDateTime", TimestampNode.of(requested));
    n.put("Status", status)
        .put("StatusDetails", statusDetails)
        .put("OutputS3Region", request.outputS3Region() == null ? region : request.outputS3Region())
        .put("OutputS3BucketName", request.outputS3BucketName())
        .put("OutputS3KeyPrefix", request.outputS3KeyPrefix())
        .put("MaxConcurrency", request.maxConcurrency())
        .put("MaxErrors", request.maxErrors())
        .put("TargetCount", hideCounts ? 0 : invocations.length)
        .put("CompletedCount", hideCounts ? 0 : completed)
        .put("ErrorCount", hideCounts ? 0 : errors)
        .put("DeliveryTimedOutCount", hideCounts ? 0 : deliveryTimeouts)
        .put("ServiceRole", request.serviceRoleArn());
    n.set("NotificationConfig", request.notificationJson().deepCopy());
    n.set("CloudWatchOutputConfig", request.cloudWatchJson().deepCopy());
    n.put("TimeoutSeconds", request.timeoutSeconds());
    if (request.alarmConfiguration() != null) {
      n.set("AlarmConfiguration", request.alarmConfiguration().deepCopy());
    }
    return n;
  }
}
