package io.ssmflow.workflows.command;

import java.util.List;

/** A sent command and the instances whose invocation has not been seen to end yet. */
public record PendingCommand(String commandId, List<String> instanceIds) {
  public PendingCommand {
    instanceIds = List.copyOf(instanceIds);
  }
}
