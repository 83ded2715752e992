package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.command.SendResult.SentCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;

/**
 * Finds the commands an earlier attempt sent with an idempotency key. Asking for the commands of
 * one instance since shortly before the activity was first scheduled keeps each lookup to one small
 * page however busy the account is.
 */
final class EarlierCommands {
  private final SsmClient ssm;

  EarlierCommands(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  /** One lookup: the command sent with the key to this instance, if ListCommands shows it now. */
  Optional<SentCommand> probe(String key, String instanceId, SendAttempt attempt) {
    ListCommandsRequest request =
        ListCommandsRequest.builder()
            .instanceId(instanceId)
            .filters(
                CommandFilter.builder()
                    .key(CommandFilterKey.INVOKED_AFTER)
                    .value(attempt.lookupSince().toString())
                    .build())
            .maxResults(CommandStatusReader.PAGE_SIZE)
            .overrideConfiguration(o -> o.apiCallTimeout(SsmCalls.READ_CALL_TIMEOUT))
            .build();
    try {
      for (var page : ssm.listCommandsPaginator(request)) {
        for (Command command : page.commands()) {
          if (CommandComments.matches(command.comment(), key)) {
            return Optional.of(sent(command, List.of(instanceId)));
          }
        }
      }
    } catch (InvalidInstanceIdException e) {
      // An instance SSM refuses has no commands: nothing was sent to it.
    }
    return Optional.empty();
  }

  /**
   * The commands earlier attempts sent with the key to these instances, as far as ListCommands
   * shows them by the attempt's lag deadline. Each round probes the instances in order until one is
   * covered by no command found so far (a batch resent in parts has one command per part); while
   * some instance is uncovered, rounds repeat with backoff until the deadline.
   */
  List<SentCommand> find(String key, List<String> instanceIds, SendAttempt attempt) {
    List<SentCommand> found = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (int round = 0; ; round++) {
      for (String id : instanceIds) {
        if (covered.contains(id)) {
          continue;
        }
        Optional<SentCommand> command = probe(key, id, attempt);
        if (command.isEmpty()) {
          break;
        }
        found.add(command.get());
        covered.addAll(command.get().instanceIds());
        covered.add(id);
      }
      long left = attempt.lagDeadlineNanos() - System.nanoTime();
      if (covered.containsAll(instanceIds) || left <= 0) {
        return found;
      }
      Duration wait =
          SendAttempt.LOOKUP_BACKOFF[Math.min(round, SendAttempt.LOOKUP_BACKOFF.length - 1)];
      Polls.sleep(Math.min(wait.toNanos(), left));
    }
  }

  /** A command as SendResult reports it (its own instance list when SSM gives one). */
  static SentCommand sent(Command command, List<String> instanceIds) {
    Instant requested = command.requestedDateTime();
    return new SentCommand(
        command.commandId(),
        command.hasInstanceIds() && !command.instanceIds().isEmpty()
            ? command.instanceIds()
            : instanceIds,
        requested == null ? System.currentTimeMillis() : requested.toEpochMilli());
  }
}
