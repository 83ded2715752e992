package io.ssmflow.workflows.command;

import java.time.Duration;
import java.util.List;

/**
 * Wait for any of several commands' invocations to end.
 *
 * @param commands the commands in flight and their still-running instances
 * @param maxWait return (possibly with nothing finished) after this long, so the workflow can react
 *     to signals; the activity's heartbeat timeout is well below its start-to-close
 * @param linger after the first invocation is seen to end, keep collecting for this long before
 *     returning, so several finished instances come back in one answer
 * @param sentAfterMillis every command was requested at or after this epoch time (0: unknown); lets
 *     the activity learn the status of many commands with one ListCommands page. Pass the smallest
 *     {@link SendResult.SentCommand#requestedAtMillis} of the commands (SSM's clock)
 */
public record AwaitRequest(
    List<PendingCommand> commands, Duration maxWait, Duration linger, long sentAfterMillis) {
  public AwaitRequest {
    commands = List.copyOf(commands);
  }

  public AwaitRequest(List<PendingCommand> commands, Duration maxWait, Duration linger) {
    this(commands, maxWait, linger, 0);
  }
}
