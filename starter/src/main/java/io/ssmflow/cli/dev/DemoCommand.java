package io.ssmflow.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.ssmflow.workflows.deploy.DeploymentIds;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
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
import java.util.HashMap;
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
 * check fails on 2.0.0, one offline); deploys shop 1.0.0, then 2.0.0 with canary 1,
 * MaxConcurrency 25%, MaxErrors 1; then checks on the instances' sandboxes that the upgrade and
 * the rollback really happened; then pushes a config with one secret and checks it landed as a
 * tagged SecureString. Exit code 0 only when every check holds.
 */
@Command(name = "demo", description = "Run a rolling deployment on a simulated fleet and"
    + " verify the result on the instances.")
public final class DemoCommand implements Callable<Integer> {
  static final String APP = "shop";
  static final String ENV = "staging";
  static final String FIRST = "1.0.0";
  static final String SECOND = "2.0.0";
  /** Sorted after the healthy ones, so the canary (the first eligible) is a healthy one. */
  static final String BROKEN_ID = "i-0f000000000000001";
  static final String OFFLINE_ID = "i-0f000000000000002";
  static final int HEALTHY = 10;

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;
  @Option(names = "--temporal-port", defaultValue = "0",
      description = "Temporal port on 127.0.0.1 (default: a free port).")
  int temporalPort;
  @Option(names = "--sim-port", defaultValue = "0",
      description = "Simulator port on 127.0.0.1 (default: a free port).")
  int simPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cli.out();
    List<String> failures = new ArrayList<>();
    try (DevStack stack = DevCommand.start(cli, common, temporalPort, simPort, null, null,
        DemoFleet.yaml())) {
      out.println("demo: Temporal at " + stack.temporal().address() + ", simulator at "
          + stack.simulator().endpoint() + " with " + stack.simulator().fleet().size()
          + " shell-mode instances (" + BROKEN_ID + " fails its health check on " + SECOND
          + ", " + OFFLINE_ID + " is offline)");
      out.flush();
      Map<String, String> env = new HashMap<>(cli.env());
      env.putAll(stack.exports());

      out.println("\n== deploy " + APP + " " + FIRST);
      int first = deploy(env, FIRST, List.of("--max-concurrency", "50%"));
      check(failures, first == 0, "deploy " + FIRST + " exits 0 (got " + first + ")");

      out.println("\n== deploy " + APP + " " + SECOND
          + " (canary 1, MaxConcurrency 25%, MaxErrors 1)");
      int second = deploy(env, SECOND, List.of("--canary", "1", "--max-concurrency", "25%",
          "--max-errors", "1"));
      check(failures, second == 0, "deploy " + SECOND + " exits 0 within MaxErrors (got "
          + second + ")");

      DeploymentResult result = result(stack, DeploymentIds.workflowId(APP, ENV, SECOND));
      verify(stack, result, failures);
      pushConfig(stack, env, failures);
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
    List<String> args = new ArrayList<>(List.of("deploy", "--app", APP, "--version", version,
        "--env", ENV, "--wait"));
    args.addAll(flags);
    StringWriter err = new StringWriter();
    int code = SsmflowCli.run(args.toArray(new String[0]), env, cli.out(),
        new PrintWriter(err, true), false);
    if (!err.toString().isBlank()) {
      cli.out().print(err);
    }
    cli.out().flush();
    return code;
  }

  private static DeploymentResult result(DevStack stack, String workflowId) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporal().address()).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions
          .newBuilder().setNamespace(stack.workerConfig().namespace())
          .setDataConverter(PayloadEncryption.dataConverter(
              stack.workerConfig().codecKeyFile())).build());
      return client.newUntypedWorkflowStub(workflowId).getResult(DeploymentResult.class);
    } finally {
      stubs.shutdownNow();
    }
  }

  private void verify(DevStack stack, DeploymentResult result, List<String> failures)
      throws IOException, InterruptedException {
    PrintWriter out = cli.out();
    out.println("\n== Parameter Store");
    try (AwsClients aws = AwsClients.fromEnvironment(DevStack.awsEnvironment(
        stack.simulator()))) {
      String current = parameter(aws, "/" + APP + "/" + ENV + "/current-version");
      String previous = parameter(aws, "/" + APP + "/" + ENV + "/previous-version");
      out.println("  /" + APP + "/" + ENV + "/current-version  = " + current);
      out.println("  /" + APP + "/" + ENV + "/previous-version = " + previous);
      check(failures, SECOND.equals(current), "current-version is " + SECOND);
      check(failures, FIRST.equals(previous), "previous-version is " + FIRST);
    }

    out.println("\n== instances (/opt/" + APP + "/VERSION on each sandbox)");
    check(failures, result.outcome() == DeploymentOutcome.SUCCEEDED,
        SECOND + " outcome is SUCCEEDED (got " + result.outcome() + ")");
    int upgraded = 0;
    for (InstanceProgress i : result.instances()) {
      String version = version(stack, i.instanceId());
      boolean broken = i.instanceId().equals(BROKEN_ID);
      String expected = broken ? FIRST : SECOND;
      boolean ok = broken ? i.state() == InstanceState.ROLLED_BACK && FIRST.equals(version)
          : i.state() == InstanceState.SUCCEEDED && SECOND.equals(version);
      upgraded += !broken && ok ? 1 : 0;
      check(failures, ok, String.format("%-21s %-12s VERSION %s (expected %s%s)",
          i.instanceId(), i.state(), version, broken ? "ROLLED_BACK, " : "SUCCEEDED, ",
          expected));
    }
    check(failures, upgraded == HEALTHY, HEALTHY + " instances upgraded (got " + upgraded + ")");
    check(failures, result.skipped().stream().anyMatch(s -> s.instanceId().equals(OFFLINE_ID)),
        OFFLINE_ID + " is reported skipped");
  }

  /** params push of a small config with one secret, then checks type and tags. */
  private void pushConfig(DevStack stack, Map<String, String> env, List<String> failures)
      throws IOException {
    PrintWriter out = cli.out();
    out.println("\n== params push --app " + APP + " --env " + ENV + " (db.password is a secret)");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ssmflow-demo-config", ".yaml");
    try {
      java.nio.file.Files.writeString(file, "db:\n  host: db.internal\n  port: 5432\n"
          + "  password: " + java.util.UUID.randomUUID() + "\nfeatures: [search, cart]\n");
      StringWriter err = new StringWriter();
      int code = SsmflowCli.run(new String[] {"params", "push", "--app", APP, "--env", ENV,
          file.toString(), "--wait"}, env, out, new PrintWriter(err, true), false);
      out.print(err);
      check(failures, code == 0, "params push exits 0 (got " + code + ")");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
    String name = "/" + APP + "/" + ENV + "/db/password";
    try (AwsClients aws = AwsClients.fromEnvironment(DevStack.awsEnvironment(
        stack.simulator()))) {
      String type;
      Map<String, String> tags = new HashMap<>();
      try {
        type = aws.ssm().getParameter(b -> b.name(name)).parameter().typeAsString();
        aws.ssm().listTagsForResource(b -> b.resourceType("Parameter").resourceId(name))
            .tagList().forEach(t -> tags.put(t.key(), t.value()));
      } catch (ParameterNotFoundException e) {
        type = "(none)";
      }
      check(failures, "SecureString".equals(type), name + " is a SecureString (got " + type
          + ")");
      check(failures, APP.equals(tags.get("Application")) && ENV.equals(tags.get("Environment"))
          && "ssmflow".equals(tags.get("ManagedBy")), name + " is tagged Application=" + APP
          + ", Environment=" + ENV + ", ManagedBy=ssmflow (got " + tags + ")");
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

  /** Reads /opt/shop/VERSION from the instance's sandbox through the simulator's admin API. */
  private static String version(DevStack stack, String instanceId)
      throws IOException, InterruptedException {
    URI uri = stack.simulator().endpoint().resolve("/_sim/instances/" + instanceId
        + "/files?path=/opt/" + APP + "/VERSION");
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return "(missing)";
    }
    JsonNode body = Json.MAPPER.readTree(response.body());
    return body.path("content").asText("").trim();
  }
}
