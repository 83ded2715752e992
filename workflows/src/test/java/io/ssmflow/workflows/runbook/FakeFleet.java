package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.command.TickingInvocations;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetPage;
import io.ssmflow.workflows.fleet.TargetSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An in-memory fleet that "runs" shell scripts: a line {@code echo X} writes X, a line {@code exit
 * N} ends with N; each invocation ends one tick after it is sent. Records every script per
 * instance, and the instances' EC2 states.
 */
public final class FakeFleet implements FleetActivities, CommandActivities {
  private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
  final Map<String, String> states = new HashMap<>();
  private final Map<String, String> commandByKey = new HashMap<>();
  private final TickingInvocations invocations = new TickingInvocations();
  private final Map<String, List<String>> scripts = new HashMap<>();
  private final Map<String, CommandOutput> outputs = new HashMap<>();
  private final List<String> sent = new ArrayList<>();

  /** {@code n} running instances tagged Role=web. */
  public FakeFleet(int n) {
    for (String id : io.ssmflow.workflows.TestWorkers.instanceIds(n)) {
      tags.put(id, Map.of("Role", "web"));
      states.put(id, "running");
    }
  }

  public List<String> ids() {
    return new ArrayList<>(tags.keySet());
  }

  @Override
  public TargetPage resolveTargetsPage(TargetSpec t, String cursor, int pageSize) {
    ResolvedTargets all = resolveTargets(t);
    return new TargetPage(all.eligible(), all.skipped(), null);
  }

  @Override
  public synchronized ResolvedTargets resolveTargets(TargetSpec t) {
    TreeSet<String> eligible = new TreeSet<>();
    List<SkippedInstance> skipped = new ArrayList<>();
    if (!t.instanceIds().isEmpty()) {
      for (String id : t.instanceIds()) {
        if (!tags.containsKey(id)) {
          skipped.add(new SkippedInstance(id, "not found"));
        } else if (!"running".equals(states.get(id))) {
          skipped.add(new SkippedInstance(id, "instance is " + states.get(id)));
        } else {
          eligible.add(id);
        }
      }
    } else {
      tags.forEach(
          (id, own) -> {
            if (t.tags().entrySet().stream()
                .allMatch(e -> e.getValue().equals(own.get(e.getKey())))) {
              eligible.add(id);
            }
          });
    }
    return new ResolvedTargets(new ArrayList<>(eligible), skipped);
  }

  @Override
  public synchronized SendResult sendShellCommand(SendCommandRequest request) {
    return send(
        request.idempotencyKey(),
        request.label(),
        request.instanceIds(),
        String.join("\n", request.commands()));
  }

  @Override
  public synchronized SendResult sendPatchBaseline(PatchBaselineRequest request) {
    return send(
        request.idempotencyKey(),
        request.label(),
        request.instanceIds(),
        "AWS-RunPatchBaseline " + request.operation() + "\necho patched");
  }

  private SendResult send(String key, String label, List<String> ids, String script) {
    String commandId = commandByKey.computeIfAbsent(key, k -> "cmd-" + (commandByKey.size() + 1));
    if (!sent.contains(commandId)) {
      sent.add(commandId);
      for (String id : ids) {
        scripts.computeIfAbsent(id, k -> new ArrayList<>()).add(script);
        StringBuilder out = new StringBuilder();
        int exit = 0;
        for (String line : script.split("\n")) {
          if (line.startsWith("echo ")) {
            out.append(line.substring(5)).append('\n');
          } else if (line.startsWith("exit ")) {
            exit = Integer.parseInt(line.substring(5).trim());
            break;
          }
        }
        outputs.put(
            commandId + "|" + id,
            new CommandOutput(exit == 0 ? "Success" : "Failed", exit, out.toString()));
        invocations.start(
            commandId,
            id,
            TickingInvocations.stepOf(label),
            exit == 0 ? InvocationStatus.SUCCESS : InvocationStatus.FAILED,
            exit,
            1);
      }
    }
    return new SendResult(List.of(new SendResult.SentCommand(commandId, ids, 0)), List.of());
  }

  @Override
  public AwaitResult awaitInvocations(AwaitRequest request) {
    return invocations.answer(request);
  }

  @Override
  public void cancelCommand(String commandId, List<String> instanceIds) {}

  /** The scripts run on an instance, in order. */
  public synchronized List<String> scripts(String instanceId) {
    return List.copyOf(scripts.getOrDefault(instanceId, List.of()));
  }

  synchronized CommandOutput output(String commandId, String instanceId) {
    return outputs.get(commandId + "|" + instanceId);
  }
}
