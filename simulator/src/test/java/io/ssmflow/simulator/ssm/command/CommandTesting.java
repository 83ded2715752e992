package io.ssmflow.simulator.ssm.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/** Helpers shared by the Run Command tests: send, wait without long sleeps, read results. */
final class CommandTesting {
  static final Set<String> FINAL = Set.of("Success", "Failed", "TimedOut", "Cancelled");

  private CommandTesting() {}

  static String id(TestSimulator sim, String name) {
    return sim.simulator().fleet().instanceByIdOrName(name).orElseThrow().id();
  }

  static List<String> ids(TestSimulator sim, String... names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(id(sim, n));
    }
    return out;
  }

  /** Sends AWS-RunShellScript to instances; answers the command id. */
  static String shell(SsmClient ssm, List<String> instanceIds, String... commands) {
    return ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(instanceIds)
        .parameters(Map.of("commands", List.of(commands)))).command().commandId();
  }

  static String send(SsmClient ssm, SendCommandRequest.Builder b) {
    return ssm.sendCommand(b.build()).command().commandId();
  }

  static Command command(SsmClient ssm, String commandId) {
    return ssm.listCommands(b -> b.commandId(commandId)).commands().get(0);
  }

  /** Polls (every 20 ms) until the command reaches a final status. */
  static Command await(SsmClient ssm, String commandId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Command c = command(ssm, commandId);
      if (FINAL.contains(c.statusAsString())) {
        return c;
      }
      assertThat(System.nanoTime()).as("command %s still %s", commandId, c.statusAsString())
          .isLessThan(deadline);
      sleep(20);
    }
  }

  static Command await(SsmClient ssm, String commandId) {
    return await(ssm, commandId, Duration.ofSeconds(10));
  }

  /** Every invocation of a command (all pages), with plugin details. */
  static List<CommandInvocation> invocations(SsmClient ssm, String commandId) {
    List<CommandInvocation> out = new ArrayList<>();
    ssm.listCommandInvocationsPaginator(b -> b.commandId(commandId).details(true))
        .forEach(p -> out.addAll(p.commandInvocations()));
    return out;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
