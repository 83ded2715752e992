package io.ssmflow.workflows.command;

import java.util.List;

/** The invocations seen to end while waiting (possibly none when maxWait ran out). */
public record AwaitResult(List<InvocationOutcome> finished) {
  public AwaitResult {
    finished = List.copyOf(finished);
  }
}
