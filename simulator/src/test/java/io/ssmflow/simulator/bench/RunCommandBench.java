package io.ssmflow.simulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.Target;

/**
 * Benchmark (not a test) of SendCommand + ListCommandInvocations against a running simulator with a
 * large simulated fleet: C workers each send a command to the next batch of 50 instance ids and
 * poll ListCommandInvocations until the batch is done, until every instance ran once. Then one
 * Targets command over the whole fleet with MaxConcurrency M, compared with the sliding-window
 * bound N*T/M. Run it with simulator/bench/run-command-bench.sh.
 *
 * <pre>
 * java -cp TEST_CLASSPATH io.ssmflow.simulator.bench.RunCommandBench \
 *     --endpoint http://127.0.0.1:4625 --concurrency 20 --poll-ms 100 --window 500
 * </pre>
 */
// apache-client is the HTTP client on the test classpath; SDK 2.57 deprecates it for apache5.
@SuppressWarnings("deprecation")
public final class RunCommandBench {
  private static final Set<String> FINAL = Set.of("Success", "Failed", "TimedOut", "Cancelled");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Latencies of one operation, in microseconds. */
  static final class Recorder {
    final String name;
    final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();

    Recorder(String name) {
      this.name = name;
    }

    <T> T time(Supplier<T> call) {
      long t0 = System.nanoTime();
      try {
        return call.get();
      } finally {
        micros.add((System.nanoTime() - t0) / 1000);
      }
    }

    String report(double seconds) {
      long[] v = micros.stream().mapToLong(Long::longValue).sorted().toArray();
      if (v.length == 0) {
        return name + ": no calls";
      }
      return String.format(
          "%-24s %6d calls  %8.1f calls/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms",
          name,
          v.length,
          v.length / seconds,
          pct(v, 50) / 1000.0,
          pct(v, 99) / 1000.0,
          v[v.length - 1] / 1000.0);
    }

    private static long pct(long[] sorted, int p) {
      int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    URI endpoint = URI.create(o.getOrDefault("endpoint", "http://127.0.0.1:4625"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "20"));
    int batchSize = Integer.parseInt(o.getOrDefault("batch", "50"));
    long pollMillis = Long.parseLong(o.getOrDefault("poll-ms", "100"));
    int window = Integer.parseInt(o.getOrDefault("window", "500"));
    double perInstanceMillis = Double.parseDouble(o.getOrDefault("instance-ms", "150"));
    int fleetCommands = Integer.parseInt(o.getOrDefault("fleet-commands", "0"));

    try (SsmClient ssm =
        SsmClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(concurrency + 16)
                    .connectionTimeout(Duration.ofSeconds(5)))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)))
            .build()) {
      List<String> ids = new ArrayList<>();
      ssm.describeInstanceInformationPaginator(b -> b.maxResults(50))
          .forEach(
              p ->
                  p.instanceInformationList().stream()
                      .filter(i -> i.pingStatusAsString().equals("Online"))
                      .map(InstanceInformation::instanceId)
                      .forEach(ids::add));
      System.out.printf(
          "fleet: %d online instances; %d concurrent commands of %d ids;" + " poll every %d ms%n",
          ids.size(), concurrency, batchSize, pollMillis);
      // Warm up both JVMs (JIT) on a fifth of the fleet, with the same concurrency.
      runBatches(
          ssm,
          ids.subList(0, ids.size() / 5),
          concurrency,
          batchSize,
          pollMillis,
          new Recorder("warm-up send"),
          new Recorder("warm-up list"));

      Recorder send = new Recorder("SendCommand");
      Recorder list = new Recorder("ListCommandInvocations");
      long t0 = System.nanoTime();
      Map<String, Integer> statuses =
          runBatches(ssm, ids, concurrency, batchSize, pollMillis, send, list);
      double seconds = (System.nanoTime() - t0) / 1e9;
      int total = statuses.values().stream().mapToInt(Integer::intValue).sum();
      System.out.printf("%n== batches of %d ids, %d in flight ==%n", batchSize, concurrency);
      System.out.printf(
          "%d invocations in %.2f s (%.0f invocations/s); statuses %s%n",
          total, seconds, total / seconds, statuses);
      System.out.println(send.report(seconds));
      System.out.println(list.report(seconds));
      System.out.printf(
          "API calls per invocation: %.3f%n",
          (send.micros.size() + list.micros.size()) / (double) total);

      if (window > 0) {
        targetsCommand(ssm, ids.size(), window, pollMillis, perInstanceMillis);
      }
      if (fleetCommands > 0) {
        retention(ssm, endpoint, ids.size(), fleetCommands, pollMillis);
      }
    }
    JsonNode sim = admin(endpoint, "/_sim/commands?limit=0");
    System.out.printf(
        "%nsimulator: heap used %d MB of %d MB max; %d commands and %d invocations" + " retained%n",
        sim.at("/jvm/heapUsedMb").asLong(),
        sim.at("/jvm/heapMaxMb").asLong(),
        sim.get("retainedCommands").asLong(),
        sim.get("retainedInvocations").asLong());
  }

  private static Map<String, Integer> runBatches(
      SsmClient ssm,
      List<String> ids,
      int concurrency,
      int batchSize,
      long pollMillis,
      Recorder send,
      Recorder list)
      throws Exception {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += batchSize) {
      batches.add(ids.subList(i, Math.min(ids.size(), i + batchSize)));
    }
    AtomicInteger next = new AtomicInteger();
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(
          pool.submit(
              () -> {
                int k;
                while ((k = next.getAndIncrement()) < batches.size()) {
                  List<String> batch = batches.get(k);
                  String cid =
                      send.time(
                          () ->
                              ssm.sendCommand(
                                      b ->
                                          b.documentName("AWS-RunShellScript")
                                              .instanceIds(batch)
                                              .maxConcurrency(String.valueOf(batch.size()))
                                              .comment("bench batch " + batch.size())
                                              .parameters(
                                                  Map.of(
                                                      "commands", List.of("/opt/app/deploy.sh"))))
                                  .command()
                                  .commandId());
                  while (true) {
                    sleep(pollMillis);
                    ListCommandInvocationsResponse r =
                        list.time(
                            () -> ssm.listCommandInvocations(b -> b.commandId(cid).maxResults(50)));
                    List<CommandInvocation> invs = r.commandInvocations();
                    if (invs.size() == batch.size()
                        && invs.stream().allMatch(i -> FINAL.contains(i.statusAsString()))) {
                      invs.forEach(i -> statuses.merge(i.statusAsString(), 1, Integer::sum));
                      break;
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    pool.shutdown();
    return statuses;
  }

  /** One command over every instance by tag, MaxConcurrency = window: the sliding window. */
  private static void targetsCommand(
      SsmClient ssm, int n, int window, long pollMillis, double perInstanceMillis) {
    Recorder list = new Recorder("ListCommands");
    long t0 = System.nanoTime();
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(Target.builder().key("tag:Bench").values("yes").build())
                        .maxConcurrency(String.valueOf(window))
                        .maxErrors("100%")
                        .parameters(Map.of("commands", List.of("/opt/app/deploy.sh"))))
            .command()
            .commandId();
    AtomicLong completed = new AtomicLong();
    String status;
    while (true) {
      sleep(pollMillis);
      var c = list.time(() -> ssm.listCommands(b -> b.commandId(cid)).commands().get(0));
      completed.set(c.completedCount());
      status = c.statusAsString();
      if (FINAL.contains(status)) {
        break;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double bound = n * perInstanceMillis / 1000.0 / window;
    // The simulator's own makespan: from RequestedDateTime to the last plugin finish.
    var requested = ssm.listCommands(b -> b.commandId(cid)).commands().get(0).requestedDateTime();
    var lastFinish = requested;
    for (var page : ssm.listCommandInvocationsPaginator(b -> b.commandId(cid).details(true))) {
      for (CommandInvocation inv : page.commandInvocations()) {
        var f = inv.commandPlugins().get(0).responseFinishDateTime();
        if (f != null && f.isAfter(lastFinish)) {
          lastFinish = f;
        }
      }
    }
    double makespan = Duration.between(requested, lastFinish).toMillis() / 1000.0;
    System.out.printf("%n== one command, Targets tag:Bench=yes, MaxConcurrency %d ==%n", window);
    System.out.printf(
        "%d invocations, status %s: %.2f s seen by the client (polling every %d"
            + " ms), %.2f s from RequestedDateTime to the last finish%n",
        completed.get(), status, seconds, pollMillis, makespan);
    System.out.printf(
        "sliding-window bound N*T/C = %d * %.0f ms / %d = %.2f s: makespan is"
            + " %.0f%% of the bound%n",
        n, perInstanceMillis, window, bound, 100 * makespan / bound);
  }

  /** Many whole-fleet commands in a row: memory must stay bounded by the retention limits. */
  private static void retention(SsmClient ssm, URI endpoint, int n, int commands, long pollMillis)
      throws Exception {
    long t0 = System.nanoTime();
    long maxHeap = 0;
    for (int k = 0; k < commands; k++) {
      String comment = "retention " + (k + 1);
      String cid =
          ssm.sendCommand(
                  b ->
                      b.documentName("AWS-RunShellScript")
                          .targets(Target.builder().key("tag:Bench").values("yes").build())
                          .maxConcurrency("100%")
                          .maxErrors("100%")
                          .comment(comment)
                          .parameters(Map.of("commands", List.of("true"))))
              .command()
              .commandId();
      while (!FINAL.contains(
          ssm.listCommands(b -> b.commandId(cid)).commands().get(0).statusAsString())) {
        sleep(pollMillis);
      }
      maxHeap =
          Math.max(
              maxHeap, admin(endpoint, "/_sim/commands?limit=0").at("/jvm/heapUsedMb").asLong());
    }
    JsonNode sim = admin(endpoint, "/_sim/commands?limit=0");
    System.out.printf(
        "%n== %d whole-fleet commands in a row (%d invocations) ==%n",
        commands, (long) commands * n);
    System.out.printf(
        "%.1f s; retained %d commands / %d invocations, forgotten %d commands;"
            + " highest heap used seen %d MB%n",
        (System.nanoTime() - t0) / 1e9,
        sim.get("retainedCommands").asLong(),
        sim.get("retainedInvocations").asLong(),
        sim.get("forgottenCommands").asLong(),
        maxHeap);
  }

  private static JsonNode admin(URI endpoint, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + Arrays.toString(args));
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
