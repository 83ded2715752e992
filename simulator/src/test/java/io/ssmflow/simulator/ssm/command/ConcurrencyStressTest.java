package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.invocations;
import static io.ssmflow.simulator.ssm.command.CommandTesting.maxOverlap;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * Many overlapping commands sent concurrently (random windows, error limits, cancels) over a shared
 * set of instances; then the invariants SSM guarantees are checked on what the API reports: every
 * command ends, its counts add up, no command exceeds its MaxConcurrency, the MaxErrors stop holds,
 * and no instance ever runs two commands at once.
 */
class ConcurrencyStressTest {
  private static final String FLEET =
      """
      instances:
        - count: 24
          namePrefix: ok
          mode: simulated
          latency: 2ms-12ms
        - count: 6
          namePrefix: ko
          mode: simulated
          latency: 2ms-8ms
          exitCode: 1
      """;

  private record Sent(
      String commandId, int maxConcurrency, int maxErrors, int targets, boolean cancelled) {}

  @Test
  void invariantsHoldUnderConcurrentLoad() throws Exception {
    try (TestSimulator sim = TestSimulator.start(FLEET)) {
      SsmClient ssm = sim.ssm();
      sim.admin("POST", "/_sim/knobs", "{\"pendingDuration\": \"2ms\"}");
      List<String> all = new ArrayList<>();
      ssm.describeInstanceInformationPaginator(b -> b.maxResults(50))
          .forEach(p -> p.instanceInformationList().forEach(i -> all.add(i.instanceId())));
      assertThat(all).hasSize(30);
      ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> clients = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long seed = 42 + t;
        clients.add(
            pool.submit(
                () -> {
                  Random rnd = new Random(seed);
                  for (int k = 0; k < 6; k++) {
                    List<String> targets = new ArrayList<>(all);
                    Collections.shuffle(targets, rnd);
                    List<String> chosen = targets.subList(0, 8 + rnd.nextInt(20));
                    int window = 1 + rnd.nextInt(6);
                    int errors = rnd.nextInt(3);
                    String cid =
                        ssm.sendCommand(
                                b ->
                                    b.documentName("AWS-RunShellScript")
                                        .instanceIds(chosen)
                                        .maxConcurrency(String.valueOf(window))
                                        .maxErrors(String.valueOf(errors))
                                        .parameters(Map.of("commands", List.of("step " + seed))))
                            .command()
                            .commandId();
                    boolean cancel = rnd.nextInt(5) == 0;
                    if (cancel) {
                      CommandTesting.sleep(rnd.nextInt(40));
                      ssm.cancelCommand(b -> b.commandId(cid));
                    }
                    sent.add(new Sent(cid, window, errors, chosen.size(), cancel));
                  }
                  return null;
                }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
      pool.shutdown();

      Map<String, List<CommandPlugin>> runsByInstance = new HashMap<>();
      for (Sent s : sent) {
        Command c = await(ssm, s.commandId(), Duration.ofSeconds(30));
        List<CommandInvocation> invs = invocations(ssm, s.commandId());
        assertThat(invs).hasSize(s.targets());
        assertThat(c.targetCount()).isEqualTo(s.targets());
        assertThat(c.completedCount()).isEqualTo(s.targets());
        long failed = invs.stream().filter(i -> i.statusAsString().equals("Failed")).count();
        assertThat(c.errorCount()).isEqualTo((int) failed);
        assertThat(maxOverlap(invs))
            .as("window of %s", s.commandId())
            .isLessThanOrEqualTo(s.maxConcurrency());
        // MaxErrors: once errors exceed it nothing new starts; only those in flight finish.
        assertThat(failed).isLessThanOrEqualTo(s.maxErrors() + s.maxConcurrency());
        if (failed > s.maxErrors() && !s.cancelled()) {
          assertThat(c.statusAsString()).isEqualTo("Failed");
        }
        if (s.cancelled()) {
          assertThat(c.statusAsString()).isIn("Cancelled", "Success", "Failed");
        }
        for (CommandInvocation inv : invs) {
          CommandPlugin p = inv.commandPlugins().get(0);
          if (p.responseStartDateTime() != null) {
            runsByInstance.computeIfAbsent(inv.instanceId(), k -> new ArrayList<>()).add(p);
          }
        }
      }
      for (Map.Entry<String, List<CommandPlugin>> e : runsByInstance.entrySet()) {
        List<CommandPlugin> runs = e.getValue();
        runs.sort((a, b) -> a.responseStartDateTime().compareTo(b.responseStartDateTime()));
        for (int k = 1; k < runs.size(); k++) {
          Instant previousEnd = runs.get(k - 1).responseFinishDateTime();
          assertThat(previousEnd).as("%s ran two commands at once", e.getKey()).isNotNull();
          assertThat(runs.get(k).responseStartDateTime())
              .as("%s one at a time", e.getKey())
              .isAfterOrEqualTo(previousEnd);
        }
      }
      int runsRecorded = 0;
      for (String id : all) {
        runsRecorded += sim.admin("GET", "/_sim/instances/" + id + "/commands").get("runs").asInt();
      }
      assertThat(runsRecorded)
          .isEqualTo(runsByInstance.values().stream().mapToInt(List::size).sum());
    }
  }
}
