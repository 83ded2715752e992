package io.ssmflow.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.CliCommand;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.HelpOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalOptions;
import io.ssmflow.cli.deploy.DeployCommand;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.cli.params.PushCommand;
import io.ssmflow.cli.patch.PatchCommand;
import io.ssmflow.cli.patch.PatchView;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.ssmflow.workflows.deploy.DeploymentIds;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.patch.InstancePatchResult;
import io.ssmflow.workflows.patch.PatchIds;
import io.ssmflow.workflows.patch.PatchInstanceState;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchOutcome;
import io.ssmflow.workflows.patch.PatchResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * {@code ssmflow demo}: the embedded stack with a dozen shell-mode instances (one whose health
 * check fails on 2.0.0, one offline); deploys shop 1.0.0, then 2.0.0 with canary 1, MaxConcurrency
 * 25%, MaxErrors 1; then checks on the instances' sandboxes that the upgrade and the rollback
 * really happened; deploys 3.0.0 in waves gated by a CloudWatch alarm that its first wave sets off
 * ({@link DemoAlarm}), and checks every upgraded instance was rolled back. Then patches the same
 * staging fleet (Install, MaxErrors 1) where one instance fails its validation after patching, and
 * checks on disk that it was restored from its pre-patch snapshot exactly as it was and that the
 * others carry the patches; pushes a config with one secret and checks it landed as a tagged
 * SecureString; then audits the fleet ({@link DemoAudit}) and runs an SSM Automation document that
 * restarts the service ({@link DemoRunbook}). Exit code 0 only when every check holds.
 */
@Command(
    name = "demo",
    description =
        "Run a rolling deployment, a patch run with snapshot"
            + " rollback, a config push, an audit and a runbook on a simulated fleet and verify the"
            + " results on the instances.")
public final class DemoCommand implements Callable<Integer> {
  static final String APP = "shop";
  static final String ENV = "staging";
  static final String FIRST = "1.0.0";
  static final String SECOND = "2.0.0";

  /** Sorted after the healthy ones, so the canary (the first eligible) is a healthy one. */
  static final String BROKEN_ID = "i-0f000000000000001";

  static final String OFFLINE_ID = "i-0f000000000000002";
  static final int HEALTHY = 10;
  static final String PATCH_GROUP = "shop-staging";

  /** A healthy instance whose post-patch validation fails (a fault that needs patches). */
  static final String PATCH_BROKEN_ID = DemoFleet.healthyId(3);

  /** Text of the demo's validation command that the fault above matches. */
  static final String PATCH_CHECK = "shop-patch-check";

  static final String PATCH_VALIDATION =
      "test -s /opt/" + APP + "/VERSION && echo " + PATCH_CHECK + " ok";
  static final String MARKER = "/opt/" + APP + "/pre-patch-marker";
  static final String INSTALLED_LIST = "/var/lib/ssmflow-sim/installed-patches";
  static final String PATCH_LOG = "/var/log/ssmflow-sim/patches.log";

  /** What the demo compares on the broken instance before patching and after its restore. */
  static final List<String> PRE_PATCH_FILES =
      List.of("/opt/" + APP + "/VERSION", MARKER, INSTALLED_LIST, PATCH_LOG);

  @ParentCommand SsmflowCli cli;
  @Mixin HelpOptions help;

  @Option(
      names = "--temporal-port",
      defaultValue = "0",
      description = "Temporal port on 127.0.0.1 (default: a free port).")
  int temporalPort;

  @Option(
      names = "--sim-port",
      defaultValue = "0",
      description = "Simulator port on 127.0.0.1 (default: a free port).")
  int simPort;

  @Option(
      names = "--unsafe-host-exec",
      description =
          "Without bubblewrap, run the demo's"
              + " commands directly on this host (default: refuse to start).")
  boolean unsafeHostExec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cli.out();
    List<String> failures = new ArrayList<>();
    try (DevStack stack =
        DevCommand.start(
            cli,
            TemporalOptions.temporal(cli.env(), null),
            temporalPort,
            simPort,
            null,
            null,
            DemoFleet.yaml(),
            unsafeHostExec)) {
      out.println(
          "demo: Temporal at "
              + stack.temporal().address()
              + ", simulator at "
              + stack.simulator().endpoint()
              + " with "
              + stack.simulator().fleet().size()
              + " shell-mode instances ("
              + BROKEN_ID
              + " fails its health check on "
              + SECOND
              + ", "
              + PATCH_BROKEN_ID
              + " fails its validation after patching, "
              + OFFLINE_ID
              + " is offline)");
      out.flush();
      Map<String, String> env = new HashMap<>(cli.env());
      env.putAll(stack.exports());

      out.println("\n== deploy " + APP + " " + FIRST);
      int first = deploy(env, FIRST, List.of("--max-concurrency", "50%"));
      check(failures, first == 0, "deploy " + FIRST + " exits 0 (got " + first + ")");

      out.println(
          "\n== deploy " + APP + " " + SECOND + " (canary 1, MaxConcurrency 25%, MaxErrors 1)");
      int second =
          deploy(
              env,
              SECOND,
              List.of("--canary", "1", "--max-concurrency", "25%", "--max-errors", "1"));
      check(
          failures,
          second == 0,
          "deploy " + SECOND + " exits 0 within MaxErrors (got " + second + ")");

      DeploymentResult result =
          result(stack, DeploymentResult.class, DeploymentIds.workflowId(APP, ENV, SECOND));
      verify(stack, result, failures);
      DemoAlarm.run(out, env, stack, failures);

      patch(stack, env, failures);
      pushConfig(stack, env, failures);
      DemoAudit.run(cli.out(), env, stack, failures);
      DemoRunbook.run(cli.out(), env, stack, failures);
    }
    out.println();
    if (failures.isEmpty()) {
      out.println("demo passed: every check holds");
      return 0;
    }
    out.println("demo FAILED: " + failures.size() + " check(s) did not hold");
    return CliError.UNSUCCESSFUL;
  }

  private int deploy(Map<String, String> env, String version, List<String> flags) {
    List<String> args =
        new ArrayList<>(List.of("--app", APP, "--version", version, "--env", ENV, "--wait"));
    args.addAll(flags);
    return run(env, new DeployCommand(), args);
  }

  /**
   * Patches the staging fleet; {@link #PATCH_BROKEN_ID} fails its validation after the install and
   * must come back from its snapshot exactly as it was, the others must carry the patches.
   */
  private void patch(DevStack stack, Map<String, String> env, List<String> failures)
      throws IOException, InterruptedException {
    PrintWriter out = cli.out();
    out.println(
        "\n== patch group "
            + PATCH_GROUP
            + " (Install, MaxConcurrency 50%, MaxErrors 1;"
            + " "
            + PATCH_BROKEN_ID
            + " fails its validation after patching)");
    // Short EBS timings keep the demo quick; AWS takes minutes (the workflow does not care).
    admin(
        stack,
        "POST",
        "/_sim/ec2/knobs",
        "{\"snapshotDuration\": \"300ms\","
            + " \"replaceRootDuration\": \"300ms\", \"stateChangeDuration\": \"100ms\"}");
    admin(stack, "POST", "/_sim/commands/settings", "{\"rebootDuration\": \"300ms\"}");
    admin(
        stack,
        "POST",
        "/_sim/instances/" + PATCH_BROKEN_ID + "/files",
        Json.write(Map.of("path", MARKER, "content", "written before patching\n")));
    Map<String, String> before = new LinkedHashMap<>();
    for (String path : PRE_PATCH_FILES) {
      before.put(path, file(stack, PATCH_BROKEN_ID, path));
    }
    // An explicit health check: the built-in one also checks the host's load, which a busy
    // machine running a dozen simulated instances can exceed.
    int code =
        run(
            env,
            new PatchCommand(),
            List.of(
                "--patch-group",
                PATCH_GROUP,
                "--env",
                ENV,
                "--max-concurrency",
                "50%",
                "--max-errors",
                "1",
                "--health-command",
                "test -s /opt/" + APP + "/VERSION",
                "--validation-command",
                PATCH_VALIDATION,
                "--snapshot-retention",
                "1d",
                "--wait"));
    check(
        failures,
        code == CliError.UNSUCCESSFUL,
        "patch exits 1: an instance was rolled back" + " (got " + code + ")");
    String workflowId =
        PatchIds.workflowId(PatchOperation.INSTALL, TargetSpec.ofPatchGroup(PATCH_GROUP), ENV);
    PatchResult result = result(stack, PatchResult.class, workflowId);

    out.println("\n== patched instances (" + INSTALLED_LIST + " on each sandbox)");
    check(
        failures,
        result.outcome() == PatchOutcome.ROLLED_BACK,
        "patch outcome is ROLLED_BACK (got " + result.outcome() + ")");
    int patched = 0;
    for (InstancePatchResult i : result.instances()) {
      if (i.instanceId().equals(PATCH_BROKEN_ID) || i.state() == PatchInstanceState.SKIPPED) {
        continue;
      }
      String installed = file(stack, i.instanceId(), INSTALLED_LIST);
      boolean ok =
          i.state() == PatchInstanceState.PATCHED
              && Arrays.stream(DemoFleet.PENDING_PATCHES).allMatch(p -> installed.contains(p[0]));
      patched += ok ? 1 : 0;
      check(
          failures,
          ok,
          String.format(
              "%-21s %-12s installed: %s",
              i.instanceId(), PatchView.name(i.state()), installed.replace('\n', ' ').trim()));
    }
    check(failures, patched == HEALTHY, HEALTHY + " instances patched (got " + patched + ")");
    check(
        failures,
        result.skipped().stream().anyMatch(s -> s.instanceId().equals(OFFLINE_ID)),
        OFFLINE_ID + " is reported skipped");

    out.println("\n== " + PATCH_BROKEN_ID + " restored from its pre-patch snapshot");
    InstancePatchResult broken =
        result.instances().stream()
            .filter(i -> i.instanceId().equals(PATCH_BROKEN_ID))
            .findFirst()
            .orElse(null);
    check(
        failures,
        broken != null && broken.state() == PatchInstanceState.ROLLED_BACK,
        PATCH_BROKEN_ID
            + " is RolledBack (got "
            + (broken == null ? "nothing" : PatchView.name(broken.state()))
            + ")");
    for (String path : PRE_PATCH_FILES) {
      String now = file(stack, PATCH_BROKEN_ID, path);
      check(
          failures,
          before.get(path).equals(now),
          String.format(
              "%-40s %s",
              path,
              before.get(path).equals(now)
                  ? "as before patching (" + summary(now) + ")"
                  : "was " + summary(before.get(path)) + ", now " + summary(now)));
    }
  }

  private static String summary(String content) {
    String line = content.replace('\n', ' ').trim();
    return line.isEmpty() ? "empty" : line.length() > 40 ? line.substring(0, 37) + "..." : line;
  }

  private int run(Map<String, String> env, CliCommand command, List<String> args) {
    return run(cli.out(), env, command, args);
  }

  /**
   * Runs one step's command (its flags only) against the demo's stack, as a client would: its
   * output and then its error line go to {@code out}.
   */
  static int run(PrintWriter out, Map<String, String> env, CliCommand command, List<String> args) {
    StringWriter err = new StringWriter();
    int code =
        SsmflowCli.runCommand(
            new CliContext(
                env, out, new PrintWriter(err, true), DeploymentWatcher.POLL_INTERVAL, false),
            command,
            args);
    if (!err.toString().isBlank()) {
      out.print(err);
    }
    out.flush();
    return code;
  }

  /** The result of a finished workflow of the demo, read through the stack's codec. */
  static <T> T result(DevStack stack, Class<T> type, String workflowId) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporal().address()).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder()
                  .setNamespace(stack.workerConfig().namespace())
                  .setDataConverter(
                      PayloadEncryption.dataConverter(stack.workerConfig().codecKeyFile()))
                  .build());
      return client.newUntypedWorkflowStub(workflowId).getResult(type);
    } finally {
      stubs.shutdownNow();
    }
  }

  private void verify(DevStack stack, DeploymentResult result, List<String> failures)
      throws IOException, InterruptedException {
    PrintWriter out = cli.out();
    out.println("\n== Parameter Store");
    try (AwsClients aws = AwsClients.fromEnvironment(DevStack.awsEnvironment(stack.simulator()))) {
      String current = parameter(aws, "/" + APP + "/" + ENV + "/current-version");
      String previous = parameter(aws, "/" + APP + "/" + ENV + "/previous-version");
      out.println("  /" + APP + "/" + ENV + "/current-version  = " + current);
      out.println("  /" + APP + "/" + ENV + "/previous-version = " + previous);
      check(failures, SECOND.equals(current), "current-version is " + SECOND);
      check(failures, FIRST.equals(previous), "previous-version is " + FIRST);
    }

    out.println("\n== instances (/opt/" + APP + "/VERSION on each sandbox)");
    check(
        failures,
        result.outcome() == DeploymentOutcome.SUCCEEDED,
        SECOND + " outcome is SUCCEEDED (got " + result.outcome() + ")");
    int upgraded = 0;
    for (InstanceProgress i : result.instances()) {
      String version = file(stack, i.instanceId(), "/opt/" + APP + "/VERSION");
      boolean broken = i.instanceId().equals(BROKEN_ID);
      String expected = broken ? FIRST : SECOND;
      boolean ok =
          broken
              ? i.state() == InstanceState.ROLLED_BACK && FIRST.equals(version)
              : i.state() == InstanceState.SUCCEEDED && SECOND.equals(version);
      upgraded += !broken && ok ? 1 : 0;
      check(
          failures,
          ok,
          String.format(
              "%-21s %-12s VERSION %s (expected %s%s)",
              i.instanceId(),
              i.state(),
              version,
              broken ? "ROLLED_BACK, " : "SUCCEEDED, ",
              expected));
    }
    check(failures, upgraded == HEALTHY, HEALTHY + " instances upgraded (got " + upgraded + ")");
    check(
        failures,
        result.skipped().stream().anyMatch(s -> s.instanceId().equals(OFFLINE_ID)),
        OFFLINE_ID + " is reported skipped");
  }

  /** params push of a small config with one secret, then checks type and tags. */
  private void pushConfig(DevStack stack, Map<String, String> env, List<String> failures)
      throws IOException {
    PrintWriter out = cli.out();
    out.println("\n== params push --app " + APP + " --env " + ENV + " (db.password is a secret)");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ssmflow-demo-config", ".yaml");
    try {
      java.nio.file.Files.writeString(
          file,
          "db:\n  host: db.internal\n  port: 5432\n"
              + "  password: "
              + java.util.UUID.randomUUID()
              + "\nfeatures: [search, cart]\n");
      int code =
          run(
              out,
              env,
              new PushCommand(),
              List.of("--app", APP, "--env", ENV, file.toString(), "--wait"));
      check(failures, code == 0, "params push exits 0 (got " + code + ")");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
    String name = "/" + APP + "/" + ENV + "/db/password";
    try (AwsClients aws = AwsClients.fromEnvironment(DevStack.awsEnvironment(stack.simulator()))) {
      String type;
      Map<String, String> tags = new HashMap<>();
      try {
        type = aws.ssm().getParameter(b -> b.name(name)).parameter().typeAsString();
        aws.ssm()
            .listTagsForResource(b -> b.resourceType("Parameter").resourceId(name))
            .tagList()
            .forEach(t -> tags.put(t.key(), t.value()));
      } catch (ParameterNotFoundException e) {
        type = "(none)";
      }
      check(failures, "SecureString".equals(type), name + " is a SecureString (got " + type + ")");
      check(
          failures,
          APP.equals(tags.get("Application"))
              && ENV.equals(tags.get("Environment"))
              && "ssmflow".equals(tags.get("ManagedBy")),
          name
              + " is tagged Application="
              + APP
              + ", Environment="
              + ENV
              + ", ManagedBy=ssmflow (got "
              + tags
              + ")");
    }
  }

  private void check(List<String> failures, boolean ok, String what) {
    cli.out().println("  " + (ok ? "ok    " : "FAILED") + " " + what);
    if (!ok) {
      failures.add(what);
    }
  }

  private static String parameter(AwsClients aws, String name) {
    try {
      return aws.ssm().getParameter(b -> b.name(name)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return "(none)";
    }
  }

  /** Reads a file from the instance's sandbox through the simulator's admin API. */
  static String file(DevStack stack, String instanceId, String path)
      throws IOException, InterruptedException {
    URI uri =
        stack
            .simulator()
            .endpoint()
            .resolve("/_sim/instances/" + instanceId + "/files?path=" + path);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return "(missing)";
    }
    JsonNode body = Json.MAPPER.readTree(response.body());
    return body.path("content").asText("").trim();
  }

  /** A call to the simulator's admin API that must succeed. */
  private static void admin(DevStack stack, String method, String path, String json)
      throws IOException, InterruptedException {
    URI uri = stack.simulator().endpoint().resolve(path);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "simulator "
              + method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }
}
