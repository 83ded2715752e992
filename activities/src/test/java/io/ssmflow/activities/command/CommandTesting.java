package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Waits the way a workflow does: call awaitInvocations again for what is still pending. */
final class CommandTesting {
  private CommandTesting() {}

  /** The one command a send answered, when SSM took every instance in one command. */
  static String only(SendResult sent) {
    assertThat(sent.rejected()).as("refused instances").isEmpty();
    assertThat(sent.commands()).as("commands sent").hasSize(1);
    return sent.commands().get(0).commandId();
  }

  /** Outcomes by instance id once every instance of the command has ended (bounded). */
  static Map<String, InvocationOutcome> awaitAll(
      CommandActivities commands, String commandId, List<String> instanceIds, Duration bound) {
    Set<String> pending = new LinkedHashSet<>(instanceIds);
    Map<String, InvocationOutcome> out = new TreeMap<>();
    long end = System.nanoTime() + bound.toNanos();
    while (!pending.isEmpty()) {
      assertThat(System.nanoTime()).as("all invocations end within %s", bound).isLessThan(end);
      List<InvocationOutcome> finished =
          commands
              .awaitInvocations(
                  new AwaitRequest(
                      List.of(new PendingCommand(commandId, new ArrayList<>(pending))),
                      Duration.ofSeconds(10),
                      Duration.ofMillis(200)))
              .finished();
      for (InvocationOutcome o : finished) {
        assertThat(o.commandId()).isEqualTo(commandId);
        assertThat(pending.remove(o.instanceId())).as("%s reported once", o.instanceId()).isTrue();
        out.put(o.instanceId(), o);
      }
    }
    return out;
  }
}
