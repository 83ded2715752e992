package io.ssmflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.cli.dev.TemporalLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fleet-run benchmark of {@code bench/rollout-bound.sh} and {@code bench/patch-bound.sh}, end
 * to end: the embedded stack (Temporal test server, the simulator with {@code simulated} instances,
 * an in-process worker) and the CLI with {@code --wait}. It measures the wall time against the
 * sliding-window bound N·T/C, SSM calls and SendCommands per instance-step from the simulator's
 * call totals ({@code GET /_sim/stats}), and the largest history of any execution of the run: the
 * parent, every child and every continue-as-new run of each, found by walking histories
 * (ChildWorkflowExecutionStarted names a child's first run, ContinuedAsNew the next run), not
 * through visibility, which the test server lacks. It checks from the simulator's per-instance run
 * totals ({@code GET /_sim/runs}), not from the retained commands, that every instance ran every
 * command step exactly once.
 *
 * <p>An instance's step costs exactly its latency: the simulator's Pending phase is set to 0, so T
 * = steps × mean latency (+ the snapshot time per instance for a patch Install).
 */
final class FleetBench {
  static final Pattern LATENCY = Pattern.compile("\\d+(\\.\\d+)?(ms|s)(-\\d+(\\.\\d+)?(ms|s))?");

  /** The rollout spec: three steps and the health check, four commands per instance. */
  static final String SPEC =
      """
      steps:
        - name: fetch
          commands: ["echo fetch {{App}} {{Version}}"]
          timeoutSeconds: 60
        - name: install
          commands: ["echo install {{Version}}"]
          timeoutSeconds: 60
        - name: restart
          commands: ["echo restart {{App}}"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["echo healthy"]
        timeoutSeconds: 60
      rollback:
        commands: ["echo rollback {{App}}"]
        timeoutSeconds: 60
      """;

  static final int ROLLOUT_STEPS = 4;

  /** A patch Install: health check, AWS-RunPatchBaseline Install, validation. */
  static final int PATCH_STEPS = 3;

  static final String PATCH_GROUP = "BenchGroup";

  /** What to run. {@code snapshot} is the EC2 snapshot time of a patch run (null: rollout). */
  record Params(String kind, int instances, int concurrency, String latency, String snapshot) {
    Params {
      if (instances < 1 || concurrency < 1) {
        throw new IllegalArgumentException("N and C must be positive whole numbers");
      }
      if (!LATENCY.matcher(latency).matches()) {
        throw new IllegalArgumentException(
            "LATENCY must be like 500ms, 2s or 500ms-2s, not '" + latency + "'");
      }
      if (snapshot != null && (!LATENCY.matcher(snapshot).matches() || snapshot.contains("-"))) {
        throw new IllegalArgumentException(
            "SNAPSHOT must be one duration like 1s or 500ms," + " not '" + snapshot + "'");
      }
    }

    int steps() {
      return snapshot == null ? ROLLOUT_STEPS : PATCH_STEPS;
    }

    /** Seconds of work per instance: its command steps plus, for a patch, its snapshot. */
    double perInstanceSeconds() {
      return steps() * meanSeconds(latency) + (snapshot == null ? 0 : meanSeconds(snapshot));
    }

    double boundSeconds() {
      return instances * perInstanceSeconds() / concurrency;
    }
  }

  /** The figures of one run; {@link #line()} is the benchmark's last line. */
  record Result(
      Params params,
      double wallSeconds,
      long ssmCalls,
      long sends,
      int maxHistoryEvents,
      int executions,
      List<String> failedChecks) {
    long instanceSteps() {
      return (long) params.instances() * params.steps();
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "n=%d c=%d steps=%d bound_s=%.1f wall_s=%.1f ratio=%.3f"
              + " ssm_calls_per_instance_step=%.4f sends_per_instance_step=%.4f"
              + " max_history_events=%d",
          params.instances(),
          params.concurrency(),
          params.steps(),
          params.boundSeconds(),
          wallSeconds,
          wallSeconds / params.boundSeconds(),
          (double) ssmCalls / instanceSteps(),
          (double) sends / instanceSteps(),
          maxHistoryEvents);
    }
  }

  private final Params params;
  private final Path work;
  private final PrintStream log;
  private final HttpClient http = HttpClient.newHttpClient();

  FleetBench(Params params, Path work, PrintStream log) {
    this.params = params;
    this.work = work;
    this.log = log;
  }

  Result run() throws Exception {
    String fleet =
        params.snapshot() == null
            ? """
        instances:
          - count: %d
            namePrefix: bench
            mode: simulated
            latency: %s
            tags: {Application: bench, Environment: perf}
        knobs: {pendingDuration: 0ms}
        """
                .formatted(params.instances(), params.latency())
            : """
        instances:
          - count: %d
            namePrefix: bench
            mode: simulated
            latency: %s
            tags: {Application: bench, Environment: perf, PatchGroup: %s}
            pendingPatches: [bench-fix-1]
        knobs: {pendingDuration: 0ms}
        """
                .formatted(params.instances(), params.latency(), PATCH_GROUP);
    long setup = System.nanoTime();
    DevStack.Options options =
        new DevStack.Options(0, 0, null, fleet, work.resolve("sim"), "default", "bench");
    // BENCH_PUSH=false: the workers poll, for comparison (docs/push.md).
    boolean push = !"false".equalsIgnoreCase(System.getenv("BENCH_PUSH"));
    if (!push) {
      options = options.withoutPush();
    }
    // BENCH_TEMPORAL=real: the Temporal dev server built from Temporal's Go modules
    // (tools/temporal-dev/build.sh), in memory, instead of the Java test server.
    boolean real = "real".equalsIgnoreCase(System.getenv("BENCH_TEMPORAL"));
    if (real) {
      Path launcher =
          TemporalLauncher.findLauncher()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          TemporalLauncher.LAUNCHER_PATH
                              + " is not built: run tools/temporal-dev/build.sh first"));
      options =
          options.withRealTemporal(
              new DevStack.RealTemporal(TemporalLauncher.launcher(launcher), null, 0, null));
    }
    try (DevStack stack = DevStack.start(options)) {
      URI sim = stack.simulator().endpoint();
      log(
          String.format(
              Locale.ROOT,
              "%s of %d simulated instances, MaxConcurrency %d,"
                  + " latency %s%s, completions %s, %s: stack up in %.1f s",
              params.kind(),
              params.instances(),
              params.concurrency(),
              params.latency(),
              params.snapshot() == null ? "" : ", snapshot " + params.snapshot(),
              push ? "pushed" : "polled",
              real ? "Temporal dev server (Go)" : "Java test server",
              (System.nanoTime() - setup) / 1e9));
      if (params.snapshot() != null) {
        admin(
            sim,
            "POST",
            "/_sim/ec2/knobs",
            "{\"snapshotDuration\": \"" + params.snapshot() + "\"}");
      }
      admin(sim, "POST", "/_sim/stats/reset", null);

      long started = System.nanoTime();
      long cliStart = System.currentTimeMillis();
      CliRun cli = CliRun.run(stack.exports(), command());
      double wall = (System.nanoTime() - started) / 1e9;
      long cliEnd = System.currentTimeMillis();
      JsonNode stats = admin(sim, "GET", "/_sim/stats", null);
      JsonNode runs = admin(sim, "GET", "/_sim/runs", null);
      List<String> failed = new ArrayList<>();
      String workflowId = null;
      try {
        JsonNode doc = Json.MAPPER.readTree(cli.out());
        workflowId = doc.get("workflowId").asText();
        String outcome = doc.at("/result/outcome").asText();
        log("run " + workflowId + " ended " + outcome + " after " + fmt(wall) + " s");
        if (!"SUCCEEDED".equals(outcome)) {
          failed.add("the run ended " + outcome + ", not SUCCEEDED");
        }
      } catch (IOException | RuntimeException e) {
        failed.add("the CLI answered no result (exit " + cli.exit() + "): " + firstLine(cli.err()));
      }
      failed.addAll(checkRuns(runs));
      long ssm = stats.at("/totals/ssm").asLong();
      long sends = stats.at("/calls/ssm:SendCommand").asLong();
      log(
          "SSM calls "
              + stats.get("calls")
              + (stats.get("errors").isEmpty() ? "" : ", errors " + stats.get("errors"))
              + "; run command notifications "
              + stats.get("notifications"));

      StepGaps gaps = null;
      if (params.snapshot() == null) {
        gaps = StepGaps.read(stack.exports());
        log(gaps.describe(params.concurrency(), cliStart, cliEnd));
      }

      int largest = 0;
      int executions = 0;
      if (workflowId != null) {
        Histories h = histories(stack.temporal().address(), workflowId);
        largest = h.largest;
        executions = h.executions;
        log(
            "histories: "
                + h.executions
                + " executions, largest "
                + h.largest
                + " events ("
                + h.largestRun
                + ")");
        log(
            String.format(
                Locale.ROOT,
                "the workflow started %.2f s after the CLI%s; the CLI returned %.2f s after it"
                    + " closed",
                (h.startedMillis - cliStart) / 1000.0,
                gaps == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        " and closed %.2f s after the last command ended",
                        (h.closedMillis - gaps.lastEndMillis()) / 1000.0),
                (cliEnd - h.closedMillis) / 1000.0));
      }
      failed.forEach(f -> log("CHECK FAILED: " + f));
      return new Result(params, wall, ssm, sends, largest, executions, failed);
    }
  }

  private String[] command() throws IOException {
    String c = Integer.toString(params.concurrency());
    if (params.snapshot() == null) {
      Path spec = Files.writeString(work.resolve("spec.yaml"), SPEC);
      return new String[] {
        "deploy",
        "--app",
        "bench",
        "--version",
        "1.0.0",
        "--env",
        "perf",
        "--max-concurrency",
        c,
        "--max-errors",
        "0",
        "--spec",
        spec.toString(),
        "--metrics-namespace",
        "none",
        "--wait",
        "--output",
        "json"
      };
    }
    return new String[] {
      "patch",
      "--patch-group",
      PATCH_GROUP,
      "--env",
      "perf",
      "--operation",
      "Install",
      "--reboot-option",
      "NoReboot",
      "--max-concurrency",
      c,
      "--max-errors",
      "0",
      "--health-command",
      "echo healthy",
      "--validation-command",
      "echo valid",
      "--snapshot-retention",
      "1h",
      "--metrics-namespace",
      "none",
      "--wait",
      "--output",
      "json"
    };
  }

  /**
   * Every instance ran every command step exactly once: as many labels as steps, each run once on
   * each of the N instances, and no command key run twice anywhere.
   */
  List<String> checkRuns(JsonNode runs) {
    List<String> failed = new ArrayList<>();
    long n = params.instances();
    JsonNode labels = runs.get("labels");
    if (labels.size() != params.steps()) {
      failed.add(
          "expected "
              + params.steps()
              + " command steps, the simulator saw "
              + labels.size()
              + ": "
              + names(labels));
    }
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) labels::fields) {
      JsonNode l = e.getValue();
      if (l.get("instances").asLong() != n
          || l.get("runs").asLong() != n
          || l.get("maxPerInstance").asInt() != 1) {
        failed.add(
            "step '"
                + e.getKey()
                + "' ran "
                + l.get("runs")
                + " times on "
                + l.get("instances")
                + " of "
                + n
                + " instances (at most "
                + l.get("maxPerInstance")
                + " on one)");
      }
    }
    if (runs.at("/repeated/count").asLong() != 0) {
      failed.add(
          runs.at("/repeated/count")
              + " command keys ran twice on an instance, e.g. "
              + runs.at("/repeated/examples"));
    }
    if (runs.get("droppedComments").asLong() != 0) {
      failed.add("the simulator dropped run counts (" + runs.get("droppedComments") + ")");
    }
    long expected = n * params.steps();
    if (runs.get("runs").asLong() != expected) {
      failed.add(
          "expected "
              + expected
              + " command runs in all, the simulator counted "
              + runs.get("runs"));
    }
    return failed;
  }

  private static String names(JsonNode labels) {
    List<String> out = new ArrayList<>();
    labels.fieldNames().forEachRemaining(out::add);
    return out.toString();
  }

  /** The executions of a run and the largest history among them. */
  static final class Histories {
    int executions;
    int largest;
    String largestRun = "";

    /** When the flow's own execution started and closed (its first and last run), epoch millis. */
    long startedMillis;

    long closedMillis;
  }

  /**
   * BENCH_TRACE=1: the first 60 and the last 30 events of a history (the run's own, the first
   * slice's), in seconds from its start.
   */
  private static void trace(WorkflowExecutionHistory h) {
    long start = -1;
    List<HistoryEvent> events = h.getEvents();
    for (int i = 0; i < events.size(); i++) {
      // The first 60 events (the start to the first sends) and the last 30 (the end).
      if (i == 60 && events.size() > 90) {
        System.err.println("bench: trace ...");
        i = events.size() - 30;
      }
      HistoryEvent e = events.get(i);
      long t = millis(e);
      if (start < 0) {
        start = t;
      }
      String what = e.getEventType().name().replace("EVENT_TYPE_", "");
      if (e.hasActivityTaskScheduledEventAttributes()) {
        what += " " + e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
      }
      System.err.println(
          String.format(Locale.ROOT, "bench: trace %7.3f s %s", (t - start) / 1000.0, what));
    }
  }

  private static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  /**
   * Walks every execution of {@code workflowId}: from the first run of the parent, each run's
   * ChildWorkflowExecutionStarted events name children (their first runs), and each run that ends
   * ContinuedAsNew names the next run of its chain.
   */
  static Histories histories(String temporalAddress, String workflowId) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporalAddress)
                .setRpcTimeout(Duration.ofSeconds(60))
                .build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      Histories out = new Histories();
      List<WorkflowExecution> chains = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      WorkflowExecutionHistory latest = client.fetchHistory(workflowId);
      String first =
          latest
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getFirstExecutionRunId();
      chains.add(
          WorkflowExecution.newBuilder()
              .setWorkflowId(workflowId)
              .setRunId(first.isEmpty() ? latest.getWorkflowExecution().getRunId() : first)
              .build());
      for (int c = 0; c < chains.size(); c++) {
        String id = chains.get(c).getWorkflowId();
        String runId = chains.get(c).getRunId();
        boolean firstRun = true;
        while (runId != null && !runId.isEmpty() && seen.add(id + "/" + runId)) {
          WorkflowExecutionHistory h = client.fetchHistory(id, runId);
          int size = h.getEvents().size();
          // The run's own history, and the first slice's first run (its start to its sends).
          boolean traced = c == 0 || id.endsWith("/rollout-1") || id.endsWith("/install-1");
          if (traced && firstRun && System.getenv("BENCH_TRACE") != null) {
            System.err.println("bench: trace of " + id);
            trace(h);
          }
          if (c == 0) {
            if (firstRun) {
              out.startedMillis = millis(h.getEvents().get(0));
            }
            out.closedMillis = millis(h.getLastEvent());
          }
          firstRun = false;
          out.executions++;
          if (size > out.largest) {
            out.largest = size;
            out.largestRun = id + " run " + runId;
          }
          for (HistoryEvent e : h.getEvents()) {
            if (e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
              chains.add(
                  e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution());
            }
          }
          HistoryEvent last = h.getLastEvent();
          runId =
              last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                  ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                  : null;
        }
      }
      return out;
    } finally {
      service.shutdownNow();
    }
  }

  private JsonNode admin(URI sim, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(sim.resolve(path)).timeout(Duration.ofSeconds(60));
    if ("POST".equals(method)) {
      // The simulator's admin API takes JSON only (a browser form cannot post there).
      b.header("Content-Type", "application/json");
      body = body == null ? "{}" : body;
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }

  /** Mean of a fixed ("250ms") or uniform ("500ms-2s") latency, in seconds. */
  static double meanSeconds(String range) {
    String[] parts = range.split("-");
    double sum = 0;
    for (String p : parts) {
      String t = p.trim();
      sum +=
          t.endsWith("ms")
              ? Double.parseDouble(t.substring(0, t.length() - 2)) / 1000
              : Double.parseDouble(t.substring(0, t.length() - 1));
    }
    return sum / parts.length;
  }

  private void log(String line) {
    log.println("bench: " + line);
    log.flush();
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }
}
