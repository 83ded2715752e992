package io.ssmflow.simulator.ssm.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;

/**
 * Benchmark (not part of the suite: its name does not end in Test) of Run Command notifications
 * delivered over HTTP to one loopback subscriber: rounds of a Targets command over the whole
 * simulated fleet with NotificationType Invocation, one notification per invocation, each signed.
 * Prints the delivery rate and the heap after the run. Run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -q -pl simulator test -Dtest=NotificationThroughputBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.instances=2000 -Dbench.rounds=20
 * </pre>
 */
class NotificationThroughputBench {
  @Test
  void deliversEveryNotification() throws Exception {
    int instances = Integer.getInteger("bench.instances", 2000);
    int rounds = Integer.getInteger("bench.rounds", 20);
    String fleet =
        """
        instances:
          - count: %d
            namePrefix: n
            tags: {Tier: web}
            mode: simulated
            latency: 1ms-20ms
        """
            .formatted(instances);
    try (TestSimulator sim = TestSimulator.start(fleet);
        SnsEndpoint endpoint = new SnsEndpoint(sim, false)) {
      SsmClient ssm = sim.ssm();
      // Keep few commands so that the heap shows what notifications retain, not Run Command.
      sim.admin("POST", "/_sim/commands/settings", "{\"maxCommands\": 2}");
      String topic = sim.sns().createTopic(r -> r.name("bench")).topicArn();
      endpoint.subscribe(topic);
      NotificationConfig cfg =
          NotificationConfig.builder()
              .notificationArn(topic)
              .notificationEventsWithStrings("Success", "Failed", "TimedOut", "Cancelled")
              .notificationType("Invocation")
              .build();
      long heapBefore = usedHeapAfterGc();
      long total = (long) instances * rounds;
      List<Double> rates = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        long target = (long) instances * (round + 1);
        String cid =
            ssm.sendCommand(
                    b ->
                        b.documentName("AWS-RunShellScript")
                            .targets(t -> t.key("tag:Tier").values("web"))
                            .maxConcurrency("100%")
                            .serviceRoleArn("arn:aws:iam::123456789012:role/ssm-sns")
                            .notificationConfig(cfg)
                            .parameters(Map.of("commands", List.of("true"))))
                .command()
                .commandId();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (endpoint.received() < target && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        rates.add(instances / secs);
        System.out.printf(
            "round %d (%s): %d notifications in %.2f s = %.0f/s%n",
            round + 1, cid, instances, secs, instances / secs);
        endpoint.rest();
        if ((round + 1) % 5 == 0) {
          System.out.printf(
              "after %d notifications: heap used %d MiB%n", target, usedHeapAfterGc() >> 20);
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      JsonNode stats = sim.admin("GET", "/_sim/stats").get("notifications");
      long heapAfter = usedHeapAfterGc();
      int kept = sim.admin("GET", "/_sim/sns/messages?topic=bench").get("count").asInt();
      System.out.printf(
          "total: %d notifications in %.1f s = %.0f/s; stats %s; heap used %d MiB before,"
              + " %d MiB after; retained SNS messages %d%n",
          total, secs, total / secs, stats, heapBefore >> 20, heapAfter >> 20, kept);
      printThreadCpu();
      String port = ":" + java.net.URI.create(endpoint.url()).getPort();
      Process ss = new ProcessBuilder("ss", "-tn").start();
      long connections = ss.inputReader().lines().filter(l -> l.contains(port + " ")).count();
      System.out.printf("TCP connections to the subscriber: %d%n", connections);
      printHistogram();
      assertThat(endpoint.received()).isEqualTo(total);
      assertThat(stats.get("published").asLong()).isEqualTo(total);
      assertThat(stats.get("dropped").asLong()).isZero();
    }
  }

  /** CPU seconds per thread-name family, largest first. */
  private static void printThreadCpu() {
    var mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> byFamily = new java.util.TreeMap<>();
    for (long id : mx.getAllThreadIds()) {
      var info = mx.getThreadInfo(id);
      long cpu = mx.getThreadCpuTime(id);
      if (info != null && cpu > 0) {
        byFamily.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), cpu, Long::sum);
      }
    }
    byFamily.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(15)
        .forEach(e -> System.out.printf("  cpu %-40s %.1f s%n", e.getKey(), e.getValue() / 1e9));
  }

  /** The live heap's largest classes (jcmd GC.class_histogram), to spot what a run retains. */
  private static void printHistogram() throws Exception {
    var name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    name,
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    histogram.lines().limit(25).forEach(l -> System.out.println("  heap " + l));
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
