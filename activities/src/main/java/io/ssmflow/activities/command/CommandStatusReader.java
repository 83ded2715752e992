package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;

/**
 * Learns the status and completion counts of many commands from ListCommands: one page of {@code
 * InvokedAfter} answers up to 50 commands, where ListCommandInvocations would need a call per
 * command. Paging stops once it would cost more than asking for the rest one by one.
 */
final class CommandStatusReader {
  static final int PAGE_SIZE = 50;

  /** InvokedAfter lies this far before the commands' request time (rounding, clock skew). */
  static final Duration INVOKED_AFTER_MARGIN = Duration.ofSeconds(5);

  /**
   * What ListCommands says about one command.
   *
   * @param status SSM's command status (Pending, InProgress, Success, Failed, ...)
   * @param targetCount how many invocations the command has
   * @param completedCount how many of them ended
   * @param requestedAtMillis when SSM took the command
   */
  record CommandStatus(
      String commandId,
      String status,
      int targetCount,
      int completedCount,
      long requestedAtMillis) {
    /** Whether every invocation of the command has ended. */
    boolean ended() {
      String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
      return s.equals("success")
          || s.equals("failed")
          || s.equals("timedout")
          || s.equals("cancelled")
          || (targetCount > 0 && completedCount >= targetCount);
    }
  }

  /**
   * One read.
   *
   * @param statuses what ListCommands said, by command id (commands it did not show are absent)
   * @param complete whether the InvokedAfter listing was read to its end (then a command it did not
   *     show is not yet visible, or older than the bound)
   * @param listedSinceMillis the listing's InvokedAfter bound
   * @param listedInvocations how many invocations all the commands of a complete listing have
   *     (theirs and any other caller's): what reading every invocation since the bound costs (-1
   *     when the listing was not complete)
   * @param calls how many ListCommands calls the read took
   */
  record Reading(
      Map<String, CommandStatus> statuses,
      boolean complete,
      long listedSinceMillis,
      int listedInvocations,
      int calls) {}

  /** The InvokedAfter filter value for commands requested at or after this time. */
  static String invokedAfter(long sentAfterMillis) {
    return Instant.ofEpochMilli(sentAfterMillis)
        .minus(INVOKED_AFTER_MARGIN)
        .truncatedTo(ChronoUnit.SECONDS)
        .toString();
  }

  private final SsmClient ssm;

  CommandStatusReader(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  /**
   * The status of these commands.
   *
   * @param commandIds the commands
   * @param sentAfterMillis every command was requested at or after this time (0: unknown, then each
   *     command is asked for alone)
   * @param askAlone which commands the InvokedAfter listing did not show are worth a call each
   *     (given whether the listing was complete)
   */
  Reading read(
      Set<String> commandIds, long sentAfterMillis, BiPredicate<String, Boolean> askAlone) {
    Map<String, CommandStatus> out = new HashMap<>();
    Set<String> unseen = new LinkedHashSet<>(commandIds);
    int calls = 0;
    boolean complete = false;
    int listed = 0;
    boolean paged = sentAfterMillis > 0 && unseen.size() > 1;
    if (paged) {
      String since = invokedAfter(sentAfterMillis);
      String token = null;
      do {
        ListCommandsResponse page =
            ssm.listCommands(
                ListCommandsRequest.builder()
                    .filters(
                        CommandFilter.builder()
                            .key(CommandFilterKey.INVOKED_AFTER)
                            .value(since)
                            .build())
                    .maxResults(PAGE_SIZE)
                    .nextToken(token)
                    .build());
        calls++;
        for (Command c : page.commands()) {
          listed += c.targetCount() == null ? 0 : c.targetCount();
          if (unseen.remove(c.commandId())) {
            out.put(c.commandId(), status(c));
          }
        }
        token = page.nextToken();
        complete = token == null;
        // Another page costs one call; asking for the rest alone costs one call each.
      } while (token != null && !unseen.isEmpty() && calls < unseen.size());
    }
    for (String id : unseen) {
      if (paged && !askAlone.test(id, complete)) {
        continue;
      }
      calls++;
      try {
        for (Command c : ssm.listCommands(b -> b.commandId(id)).commands()) {
          out.put(c.commandId(), status(c));
        }
      } catch (InvalidCommandIdException e) {
        // Not visible yet (eventual consistency), or bogus: the caller's grace decides.
      }
    }
    return new Reading(out, complete, sentAfterMillis, complete ? listed : -1, calls);
  }

  private static CommandStatus status(Command c) {
    Instant requested = c.requestedDateTime();
    return new CommandStatus(
        c.commandId(),
        c.statusAsString(),
        c.targetCount() == null ? 0 : c.targetCount(),
        c.completedCount() == null ? 0 : c.completedCount(),
        requested == null ? 0 : requested.toEpochMilli());
  }
}
