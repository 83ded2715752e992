package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

/**
 * Reads all the invocations of one command (ListCommandInvocations, every page), or of every
 * command since a time, and takes every ended one at once. Invocations not visible yet (SSM's
 * eventual consistency) are still pending.
 */
final class InvocationReader {
  /**
   * One read of a command's invocations.
   *
   * @param finished the ended invocations among the instances asked for
   * @param endedTotal how many invocations of the command (of any instance) had ended
   * @param calls how many ListCommandInvocations calls it took
   */
  record Reading(List<InvocationOutcome> finished, int endedTotal, int calls) {}

  /**
   * Reads of one wait that run at once: at AWS's latency twenty reads one after the other would
   * take longer than the second a finished invocation may wait to be reported.
   */
  static final int PARALLEL_READS = 8;

  /**
   * Reads of several commands.
   *
   * @param readings the reads that succeeded, by command id
   * @param throttled the throttling some other read met (null when none did)
   */
  record Reads(Map<String, Reading> readings, AwsServiceException throttled) {}

  private final SsmClient ssm;

  /** Daemon threads, shared by the waits of this worker; the caller reads when all are busy. */
  private final ExecutorService pool =
      new ThreadPoolExecutor(
          0,
          4 * PARALLEL_READS,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread t = new Thread(runnable, "ssm-invocation-reads");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  InvocationReader(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  /**
   * Reads each command ({@link #read}), {@link #PARALLEL_READS} at a time. A read SSM throttles is
   * left out and reported; any other failure is thrown once the others ended.
   *
   * @param pending command id to the instances asked for
   */
  Reads readEach(List<String> commandIds, Map<String, Set<String>> pending, boolean details) {
    Map<String, Reading> readings = new LinkedHashMap<>();
    AwsServiceException throttled = null;
    RuntimeException failure = null;
    for (int from = 0; from < commandIds.size(); from += PARALLEL_READS) {
      List<String> chunk =
          commandIds.subList(from, Math.min(commandIds.size(), from + PARALLEL_READS));
      Map<String, Future<Reading>> reads = new LinkedHashMap<>();
      for (String id : chunk) {
        reads.put(id, pool.submit(() -> read(id, pending.get(id), details)));
      }
      for (var read : reads.entrySet()) {
        try {
          readings.put(read.getKey(), read.getValue().get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AwsServiceException aws && aws.isThrottlingException()) {
            throttled = aws;
          } else if (e.getCause() instanceof RuntimeException r) {
            failure = failure == null ? r : failure;
          } else {
            failure = failure == null ? new IllegalStateException(e.getCause()) : failure;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading SSM invocations", e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return new Reads(readings, throttled);
  }

  /**
   * The ended invocations of the command among {@code pendingIds}.
   *
   * @param details whether to ask SSM for plugin output (the outcome's output tail)
   */
  Reading read(String commandId, Set<String> pendingIds, boolean details) {
    ListCommandInvocationsRequest request =
        ListCommandInvocationsRequest.builder()
            .commandId(commandId)
            .details(details)
            .maxResults(CommandStatusReader.PAGE_SIZE)
            .build();
    List<InvocationOutcome> finished = new ArrayList<>();
    int ended = 0;
    int calls = 0;
    try {
      for (var page : ssm.listCommandInvocationsPaginator(request)) {
        calls++;
        for (CommandInvocation invocation : page.commandInvocations()) {
          Optional<InvocationStatus> status =
              InvocationStatuses.terminal(invocation.statusAsString(), invocation.statusDetails());
          if (status.isEmpty()) {
            continue;
          }
          ended++;
          if (pendingIds.contains(invocation.instanceId())) {
            finished.add(outcome(commandId, invocation, status.get()));
          }
        }
      }
    } catch (InvalidCommandIdException | InvocationDoesNotExistException e) {
      // Normal right after SendCommand: nothing is visible yet.
      calls = Math.max(calls, 1);
    }
    return new Reading(finished, ended, calls);
  }

  /**
   * Every invocation of every command requested since the bound (all pages, whoever sent the
   * commands), by command: cheaper than a read per command when many small commands moved. Commands
   * SSM does not list yet are absent.
   *
   * @param pending command id to the instances asked for
   */
  Map<String, Reading> readSince(
      long sentAfterMillis, Map<String, Set<String>> pending, boolean details) {
    ListCommandInvocationsRequest request =
        ListCommandInvocationsRequest.builder()
            .filters(
                CommandFilter.builder()
                    .key(CommandFilterKey.INVOKED_AFTER)
                    .value(CommandStatusReader.invokedAfter(sentAfterMillis))
                    .build())
            .details(details)
            .maxResults(CommandStatusReader.PAGE_SIZE)
            .build();
    Map<String, List<InvocationOutcome>> finished = new HashMap<>();
    Map<String, Integer> ended = new HashMap<>();
    int calls = 0;
    for (var page : ssm.listCommandInvocationsPaginator(request)) {
      calls++;
      for (CommandInvocation invocation : page.commandInvocations()) {
        String commandId = invocation.commandId();
        Set<String> ids = pending.get(commandId);
        if (ids == null) {
          continue;
        }
        finished.computeIfAbsent(commandId, k -> new ArrayList<>());
        ended.merge(commandId, 0, Integer::sum);
        Optional<InvocationStatus> status =
            InvocationStatuses.terminal(invocation.statusAsString(), invocation.statusDetails());
        if (status.isPresent()) {
          ended.merge(commandId, 1, Integer::sum);
          if (ids.contains(invocation.instanceId())) {
            finished.get(commandId).add(outcome(commandId, invocation, status.get()));
          }
        }
      }
    }
    Map<String, Reading> out = new HashMap<>();
    int pages = calls;
    finished.forEach((id, list) -> out.put(id, new Reading(list, ended.get(id), pages)));
    return out;
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
    return new InvocationOutcome(
        commandId,
        invocation.instanceId(),
        status,
        responseCode,
        invocation.statusDetails(),
        tail(output.toString()));
  }

  static String tail(String output) {
    int max = InvocationOutcome.MAX_OUTPUT_TAIL;
    return output.length() <= max ? output : output.substring(output.length() - max);
  }
}
