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
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilter;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilterKey;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;

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
    return ssm.sendCommand(
            b ->
                b.documentName("AWS-RunShellScript")
                    .instanceIds(instanceIds)
                    .parameters(Map.of("commands", List.of(commands))))
        .command()
        .commandId();
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
      assertThat(System.nanoTime())
          .as("command %s still %s", commandId, c.statusAsString())
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

  /** The AWS error code a call fails with (fails the test when it succeeds). */
  static String errorCode(Runnable call) {
    try {
      call.run();
    } catch (SsmException e) {
      return e.awsErrorDetails().errorCode();
    }
    throw new AssertionError("the call succeeded; an error was expected");
  }

  /** The largest number of plugin runs overlapping in time. */
  static int maxOverlap(List<CommandInvocation> invocations) {
    List<long[]> events = new ArrayList<>();
    for (CommandInvocation inv : invocations) {
      CommandPlugin p = inv.commandPlugins().get(0);
      if (p.responseStartDateTime() != null && p.responseFinishDateTime() != null) {
        events.add(new long[] {p.responseStartDateTime().toEpochMilli(), 1});
        events.add(new long[] {p.responseFinishDateTime().toEpochMilli(), -1});
      }
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  /** A DescribeInstanceInformation Filters entry. */
  static InstanceInformationStringFilter sf(String key, String... values) {
    return InstanceInformationStringFilter.builder().key(key).values(values).build();
  }

  /** A DescribeInstanceInformation InstanceInformationFilterList entry. */
  static InstanceInformationFilter lf(InstanceInformationFilterKey key, String... values) {
    return InstanceInformationFilter.builder().key(key).valueSet(values).build();
  }

  /** A ListCommands / ListCommandInvocations filter. */
  static CommandFilter cf(CommandFilterKey key, String value) {
    return CommandFilter.builder().key(key).value(value).build();
  }

  static CommandFilter cf(String key, String value) {
    return CommandFilter.builder().key(key).value(value).build();
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
