package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.push.PushSettings;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.command.SendResult.RejectedInstance;
import io.ssmflow.workflows.command.SendResult.SentCommand;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest.Builder;

/**
 * One idempotent send of a batch (docs/design.md, rules for durable code 2 and 8). The command
 * carries its idempotency key in {@code Comment}. Attempt 1 sends at once; a retry attempt first
 * looks for what earlier attempts sent ({@link EarlierCommands}, tolerating ListCommands lag).
 * SendCommand runs without SDK retries: throttled calls never ran and are resent with backoff;
 * after a failure that may have reached SSM (I/O, timeout, 5xx) the command is looked up, and the
 * activity retries when it is not found. A batch SSM refuses because of some of its instances is
 * sent again without them ({@link Refusals}); every instance ends in exactly one of the result's
 * commands or rejections.
 */
final class CommandSender {
  private static final Logger log = LoggerFactory.getLogger(CommandSender.class);

  /**
   * The command's own rate control is switched off: the workflow owns MaxConcurrency and MaxErrors
   * across batches, and one instance's failure must not cancel its batch siblings.
   */
  static final String MAX_CONCURRENCY = "50";

  static final String MAX_ERRORS = "100%";

  /** Throttled SendCommands are resent this often: about 6 s of backoff at most. */
  static final int SEND_ATTEMPTS = 6;

  static final Duration SEND_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_SEND_BACKOFF = Duration.ofSeconds(3);

  /** Error codes with which SSM refuses a whole batch because of some of its instances. */
  static final Set<String> INSTANCE_REFUSALS =
      Set.of("InvalidInstanceId", "UnsupportedPlatformType");

  /**
   * What to send.
   *
   * @param key the idempotency key
   * @param label the human part of the Comment
   * @param instanceIds 1 to 50 instance ids
   * @param document sets the document, its parameters and the delivery timeout
   * @param refusals what to do when SSM refuses the batch because of some instances
   */
  record Spec(
      String key,
      String label,
      List<String> instanceIds,
      Consumer<Builder> document,
      Refusals refusals) {
    Spec {
      requireNonNull(key, "idempotencyKey is null");
      instanceIds = List.copyOf(new LinkedHashSet<>(instanceIds));
      requireNonNull(document, "document is null");
      requireNonNull(refusals, "refusals is null");
    }
  }

  private final SsmClient ssm;
  private final EarlierCommands earlier;
  private final ManagedInstances managed;
  private final PushSettings push;

  CommandSender(SsmClient ssm) {
    this(ssm, PushSettings.OFF);
  }

  /** A sender whose commands ask SSM to push their invocations' ends as {@code push} says. */
  CommandSender(SsmClient ssm, PushSettings push) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.earlier = new EarlierCommands(ssm);
    this.managed = new ManagedInstances(ssm);
    this.push = requireNonNull(push, "push is null");
  }

  SendResult send(Spec spec, SendAttempt attempt) {
    return new Run(spec, attempt).run();
  }

  /** One send: the commands found or sent so far and the instances rejected. */
  private final class Run {
    private final Spec spec;
    private final SendAttempt attempt;
    private final Map<String, SentCommand> commands = new LinkedHashMap<>();
    private final Set<String> covered = new HashSet<>();
    private final Map<String, String> rejected = new LinkedHashMap<>();

    /** Set once a retry attempt has to split the batch: earlier parts are looked up one by one. */
    private boolean probeEach;

    Run(Spec spec, SendAttempt attempt) {
      this.spec = spec;
      this.attempt = attempt;
    }

    SendResult run() {
      List<String> ids = spec.instanceIds();
      if (attempt.isRetry()) {
        earlier.find(spec.key(), ids, attempt).forEach(this::take);
        if (!commands.isEmpty()) {
          log.info(
              "key {}: found {} command(s) an earlier attempt sent", spec.key(), commands.size());
        }
        List<String> uncovered = uncovered(ids);
        if (!uncovered.isEmpty()
            && !commands.isEmpty()
            && spec.refusals() == Refusals.ONE_COMMAND) {
          // One-command sends decide every refusal before their only SendCommand.
          uncovered.forEach(
              id ->
                  rejected.put(
                      id,
                      "SendCommand refused it in an earlier"
                          + " attempt, which sent the batch without it"));
        } else if (!uncovered.isEmpty()) {
          sendPart(uncovered, false);
        }
      } else {
        sendPart(ids, false);
      }
      return result(ids);
    }

    private void sendPart(List<String> part, boolean described) {
      if (probeEach) {
        for (String id : part) {
          if (!covered.contains(id)) {
            earlier.probe(spec.key(), id, attempt).ifPresent(this::take);
          }
        }
        part = uncovered(part);
        if (part.isEmpty()) {
          return;
        }
      }
      try {
        take(sendWithoutDuplicates(part));
      } catch (AwsServiceException e) {
        String code = SsmCalls.errorCode(e);
        if (!INSTANCE_REFUSALS.contains(code)) {
          throw e;
        }
        String why = code + ": " + SsmCalls.message(e);
        if (part.size() == 1) {
          rejected.put(part.get(0), "SendCommand refused it (" + why + ")");
          return;
        }
        log.info(
            "SendCommand refused a batch of {} ({}); finding the instances at fault",
            part.size(),
            why);
        probeEach = attempt.isRetry();
        if (described) {
          split(part, why);
        } else {
          isolate(part, why);
        }
      }
    }

    /** Uses DescribeInstanceInformation: unmanaged instances are refused, offline ones apart. */
    private void isolate(List<String> part, String why) {
      Optional<Map<String, String>> ping = managed.pingStatus(part);
      if (ping.isEmpty()) {
        split(part, why);
        return;
      }
      List<String> online = new ArrayList<>();
      List<String> offline = new ArrayList<>();
      for (String id : part) {
        String status = ping.get().get(id);
        if (status == null) {
          rejected.put(
              id,
              "SendCommand refused the batch ("
                  + why
                  + "); SSM does not manage"
                  + " this instance (terminated, or its agent never registered)");
        } else if (ManagedInstances.ONLINE.equals(status)) {
          online.add(id);
        } else {
          offline.add(id);
        }
      }
      if (online.size() == part.size()) {
        split(part, why);
        return;
      }
      if (spec.refusals() == Refusals.ONE_COMMAND) {
        offline.forEach(
            id ->
                rejected.put(
                    id,
                    "SendCommand refused the batch ("
                        + why
                        + "); this instance's SSM agent is "
                        + ping.get().get(id)));
      } else if (!offline.isEmpty()) {
        sendPart(offline, true);
      }
      if (!online.isEmpty()) {
        sendPart(online, true);
      }
    }

    /** Halves, each sent alone (a refused send never ran); or gives up in one-command mode. */
    private void split(List<String> part, String why) {
      if (spec.refusals() == Refusals.ONE_COMMAND) {
        part.forEach(
            id ->
                rejected.put(
                    id,
                    "SendCommand refused the batch ("
                        + why
                        + ") and the instance at fault could not be told apart"));
        return;
      }
      int half = part.size() / 2;
      sendPart(part.subList(0, half), true);
      sendPart(part.subList(half, part.size()), true);
    }

    /**
     * SendCommand with the SDK's retries off: an SDK retry after a lost answer would run the
     * command twice. Throttled calls never ran, so they are resent here with backoff; after any
     * other failure that may have reached SSM the command is looked up, else the activity retries
     * (and its next attempt looks up again, tolerating ListCommands lag).
     */
    private SentCommand sendWithoutDuplicates(List<String> part) {
      Builder builder =
          software.amazon.awssdk.services.ssm.model.SendCommandRequest.builder()
              .instanceIds(part)
              .comment(CommandComments.comment(spec.key(), spec.label()))
              .maxConcurrency(MAX_CONCURRENCY)
              .maxErrors(MAX_ERRORS);
      spec.document().accept(builder);
      push.notificationConfig(builder);
      builder.overrideConfiguration(
          o -> o.addPlugin(SsmCalls.NO_SDK_RETRIES).apiCallTimeout(SsmCalls.SEND_CALL_TIMEOUT));
      var request = builder.build();
      Duration backoff = SEND_BACKOFF;
      for (int call = 1; ; call++) {
        try {
          SentCommand sent = EarlierCommands.sent(ssm.sendCommand(request).command(), part);
          log.info(
              "sent command {} to {} instances ({})", sent.commandId(), part.size(), spec.label());
          return sent;
        } catch (AwsServiceException e) {
          if (e.isThrottlingException() && call < SEND_ATTEMPTS) {
            Activity.getExecutionContext().heartbeat("SendCommand throttled, call " + call);
            Polls.sleep(backoff.toNanos() / 2 + (long) (Math.random() * backoff.toNanos() / 2));
            backoff = Polls.min(MAX_SEND_BACKOFF, backoff.multipliedBy(2));
            continue;
          }
          if (e.isThrottlingException() || SsmCalls.refused(e)) {
            throw e; // refused, so certainly not sent
          }
          return earlier.probe(spec.key(), part.get(0), attempt).orElseThrow(() -> e);
        } catch (SdkException e) {
          return earlier.probe(spec.key(), part.get(0), attempt).orElseThrow(() -> e);
        }
      }
    }

    private void take(SentCommand command) {
      if (commands.putIfAbsent(command.commandId(), command) == null) {
        covered.addAll(command.instanceIds());
      }
    }

    private List<String> uncovered(List<String> ids) {
      return ids.stream().filter(id -> !covered.contains(id)).toList();
    }

    private SendResult result(List<String> ids) {
      List<RejectedInstance> refused = new ArrayList<>();
      for (String id : ids) {
        if (covered.contains(id)) {
          continue;
        }
        String reason = rejected.get(id);
        if (reason == null) {
          throw new IllegalStateException("instance " + id + " was neither sent nor refused");
        }
        refused.add(new RejectedInstance(id, reason));
      }
      if (!refused.isEmpty()) {
        log.info(
            "key {}: {} instance(s) refused, {} command(s) sent",
            spec.key(),
            refused.size(),
            commands.size());
      }
      return new SendResult(List.copyOf(commands.values()), refused);
    }
  }
}
