package io.ssmflow.cli.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.dev.DevStack;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbooks end to end on the embedded dev stack (test server, simulator with shell-mode instances,
 * an in-process worker), through the CLI: run --wait, status (table and the JSON of
 * get-automation-execution), reject, cancel with onCancel, redrive, an orchestration rolled back,
 * API calls through the SDK against the simulator, and an AWS documentation example.
 */
class RunbookEndToEndTest {
  static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: web
          mode: shell
          tags: {Application: web, Environment: test}
        - count: 1
          namePrefix: spare
          mode: shell
          tags: {Role: spare}
      """;
  static final String WEB = "tag:Application=web,tag:Environment=test";

  @TempDir static Path state;
  @TempDir static Path docs;
  static DevStack stack;
  static Map<String, String> env;
  static List<String> web;
  static String spare;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(new DevStack.Options(0, 0, null, FLEET, state, "default", "runbook-e2e"));
    env = stack.exports();
    web = new ArrayList<>();
    for (JsonNode i :
        Json.MAPPER.readTree(admin("GET", "/_sim/instances", null)).path("instances")) {
      String id = i.get("id").asText();
      if (i.path("tags").path("Role").asText().equals("spare")) {
        spare = id;
      } else {
        web.add(id);
        admin(
            "POST",
            "/_sim/instances/" + id + "/files",
            Json.write(Map.of("path", "/opt/web/VERSION", "content", "3.1.0\n")));
      }
    }
    admin("POST", "/_sim/ec2/knobs", "{\"stateChangeDuration\": \"200ms\"}");
    for (String f :
        List.of(
            "gated-change.yaml",
            "switch-release.yaml",
            "long-wait.yaml",
            "needs-flag.yaml",
            "instance-cycle.yaml")) {
      copy("/runbook/" + f, docs.resolve(f));
    }
    copy("/runbooks/restart-shop.yaml", docs.resolve("restart-shop.yaml"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anAutomationDocumentRunsWithWaitAndStatusShowsItsSteps() throws Exception {
    CliRunbook r =
        CliRunbook.run(
            env,
            "runbook",
            "run",
            doc("restart-shop.yaml"),
            "--targets",
            WEB,
            "--param",
            "ServiceName=web",
            "--param",
            "Drain=PT1S",
            "--wait");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    String id = r.startedId();
    assertThat(id).startsWith("runbook-restart-shop-");
    assertThat(r.out())
        .contains("stopService", "drain", "startService", "checkFiles")
        .contains(id + ": restart-shop (Automation document) Success")
        .contains("checkFiles.Output = running 3.1.0");
    for (String i : web) {
      assertThat(file(i, "/var/run/web/pid")).matches("\\d+");
      assertThat(file(i, "/var/log/web-restarts.log"))
          .isEqualTo("stopped by " + id + "\nstarted by " + id);
    }

    CliRunbook status = CliRunbook.run(env, "status", id);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("STEP", "ACTION", "STATUS", "aws:runCommand", "aws:sleep", "Success");

    CliRunbook json = CliRunbook.run(env, "status", id, "--output", "json");
    JsonNode a = Json.MAPPER.readTree(json.out()).get("AutomationExecution");
    assertThat(a.get("AutomationExecutionId").asText()).isEqualTo(id);
    assertThat(a.get("AutomationExecutionStatus").asText()).isEqualTo("Success");
    assertThat(a.get("Parameters").get("InstanceIds")).hasSize(3);
    JsonNode steps = a.get("StepExecutions");
    assertThat(steps).hasSize(4);
    JsonNode check = steps.get(3);
    assertThat(check.get("StepName").asText()).isEqualTo("checkFiles");
    assertThat(check.get("Action").asText()).isEqualTo("aws:runCommand");
    assertThat(check.get("StepStatus").asText()).isEqualTo("Success");
    assertThat(check.get("Outputs").get("Output").get(0).asText()).startsWith("running 3.1.0");
    assertThat(check.get("Outputs").get("CommandId").get(0).asText()).isNotBlank();
    assertThat(check.get("Inputs").get("DocumentName").asText())
        .isEqualTo("\"AWS-RunShellScript\"");
    assertThat(check.get("ExecutionEndTime").asDouble())
        .isGreaterThan(check.get("ExecutionStartTime").asDouble());
    assertThat(steps.get(1).get("Inputs").get("Duration").asText()).isEqualTo("\"PT1S\"");

    CliRunbook again = CliRunbook.run(env, "runbook", "redrive", id);
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("nothing to redrive");
  }

  @Test
  void anApprovalRejectedWithTheCliFailsTheRun() throws Exception {
    String me = System.getProperty("user.name");
    CliRunbook r =
        CliRunbook.run(
            env,
            "runbook",
            "run",
            doc("gated-change.yaml"),
            "--instance-ids",
            web.get(0),
            "--param",
            "Approvers=[\"" + me + "\",\"bob\"]",
            "--output",
            "json");
    assertThat(r.exit()).as(r.err()).isZero();
    String id = Json.MAPPER.readTree(r.out()).get("workflowId").asText();
    awaitStatus(id, "Waiting");
    CliRunbook waiting = CliRunbook.run(env, "status", id);
    assertThat(waiting.out()).contains("waiting at askOps: ssmflow approve " + id);
    CliRunbook reject = CliRunbook.run(env, "reject", id, "--reason", "not today");
    assertThat(reject.exit()).as(reject.err()).isZero();
    assertThat(reject.out()).contains("rejected askOps by " + me);

    CliRunbook watch = CliRunbook.run(env, "status", id, "--watch");
    assertThat(watch.exit()).isEqualTo(1);
    assertThat(watch.out())
        .contains("failure: Step askOps Failed: rejected by " + me + ": not today");
    assertThat(file(web.get(0), "/opt/web/CHANGED")).isEqualTo("(missing)");
  }

  @Test
  void aFailureAtTheJoinRollsBackBothBranchesThenTheFirstStep() throws Exception {
    CliRunbook r =
        CliRunbook.run(
            env,
            "runbook",
            "run",
            doc("switch-release.yaml"),
            "--instance-ids",
            web.get(1),
            "--wait");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("(orchestration) Failed")
        .contains("Step switch Failed: ")
        .contains("rolled back updateA, updateB, record");
    List<String> journal = file(web.get(1), "/opt/web/journal").lines().toList();
    assertThat(journal.subList(0, 2)).containsExactlyInAnyOrder("A 1", "B");
    assertThat(journal.subList(2, 4)).containsExactlyInAnyOrder("undo A", "undo B");
    assertThat(parameterExists("/web/release")).as("record was undone last").isFalse();
  }

  @Test
  void aCancelRunsTheStepsOnCancel() throws Exception {
    CliRunbook r =
        CliRunbook.run(
            env,
            "runbook",
            "run",
            doc("long-wait.yaml"),
            "--instance-ids",
            web.get(2),
            "--output",
            "json");
    assertThat(r.exit()).as(r.err()).isZero();
    String id = Json.MAPPER.readTree(r.out()).get("workflowId").asText();
    awaitStatus(id, "InProgress");
    CliRunbook cancel = CliRunbook.run(env, "cancel", id);
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    awaitStatus(id, "Cancelled");
    assertThat(file(web.get(2), "/opt/web/CANCELLED")).isEqualTo("cancelled");
    JsonNode steps =
        Json.MAPPER
            .readTree(CliRunbook.run(env, "status", id, "--output", "json").out())
            .at("/AutomationExecution/StepExecutions");
    assertThat(steps.get(0).get("StepStatus").asText()).isEqualTo("Cancelled");
    assertThat(steps.get(1).get("StepName").asText()).isEqualTo("markCancelled");
    assertThat(steps.get(1).get("StepStatus").asText()).isEqualTo("Success");
  }

  @Test
  void aRedriveStartsAgainAtTheFailedStepWithTheEarlierOutputs() throws Exception {
    String id0 = web.get(0);
    CliRunbook first =
        CliRunbook.run(
            env, "runbook", "run", doc("needs-flag.yaml"), "--instance-ids", id0, "--wait");
    assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(1);
    String id = first.startedId();
    assertThat(first.out()).contains("redrive from needFlag: ssmflow runbook redrive " + id);
    admin(
        "POST",
        "/_sim/instances/" + id0 + "/files",
        Json.write(Map.of("path", "/opt/web/FLAG", "content", "x")));
    CliRunbook redrive = CliRunbook.run(env, "runbook", "redrive", id, "--wait");
    assertThat(redrive.exit()).as(redrive.out() + redrive.err()).isZero();
    assertThat(redrive.out())
        .contains("redriving " + id + " from step needFlag (redrive 1)")
        .contains("Success")
        .contains("redriven 1x")
        .contains("count (before)");
    assertThat(file(id0, "/opt/web/COUNT")).as("count ran once").isEqualTo("run");
    JsonNode steps =
        Json.MAPPER
            .readTree(CliRunbook.run(env, "status", id, "--output", "json").out())
            .at("/AutomationExecution/StepExecutions");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(2).at("/Outputs/Output/0").asText()).isEqualTo("flag after counted\n\n");
  }

  @Test
  void apiCallsGoThroughTheSdkToTheSimulator() throws Exception {
    CliRunbook r =
        CliRunbook.run(
            env,
            "runbook",
            "run",
            doc("instance-cycle.yaml"),
            "--param",
            "InstanceId=" + spare,
            "--wait",
            "--output",
            "json");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode result = Json.MAPPER.readTree(r.out()).at("/result/AutomationExecution");
    assertThat(result.get("AutomationExecutionStatus").asText()).isEqualTo("Success");
    assertThat(result.at("/Outputs/describe.state/0").asText()).isEqualTo("stopped");
    assertThat(result.at("/Outputs/stopIt.InstanceStates/0").asText()).isEqualTo("stopped");
    JsonNode instance = Json.MAPPER.readTree(admin("GET", "/_sim/instances/" + spare, null));
    assertThat(instance.path("state").asText()).isEqualTo("running");
    assertThat(instance.path("tags").path("LastCycled").asText())
        .startsWith("runbook-instance-cycle-");
  }

  @Test
  void theAwsBranchExampleRunsUnchangedOnTheSimulator() {
    String file = RunbookInputTest.AWS_DOCS.resolve("branch-os-from-output.yaml").toString();
    CliRunbook r = CliRunbook.run(env, "runbook", "run", file, "--wait");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("GetInstance", "ChooseOSforCommands", "runShellCommand")
        .containsPattern("runPowerShellCommand +Pending")
        .containsPattern("Sleep +Pending")
        .contains("Success");
    assertThat(r.err()).contains("warning: ").contains("AWS-RunPowerShellScript");
  }

  private static void awaitStatus(String id, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      CliRunbook s = CliRunbook.run(env, "status", id, "--output", "json");
      if (!s.out().isBlank()) {
        last =
            Json.MAPPER
                .readTree(s.out())
                .at("/AutomationExecution/AutomationExecutionStatus")
                .asText();
        if (last.equals(status)) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(id + " never reached " + status + " (last " + last + ")");
  }

  private static String doc(String name) {
    return docs.resolve(name).toString();
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = RunbookEndToEndTest.class.getResourceAsStream(resource)) {
      Files.write(to, in.readAllBytes());
    }
  }

  private static boolean parameterExists(String name) throws Exception {
    JsonNode all = Json.MAPPER.readTree(admin("GET", "/_sim/parameters", null));
    for (JsonNode p : all.path("parameters")) {
      if (p.path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String file(String instanceId, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        stack
                            .simulator()
                            .endpoint()
                            .resolve("/_sim/instances/" + instanceId + "/files?path=" + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() != 200
        ? "(missing)"
        : Json.MAPPER.readTree(r.body()).get("content").asText().trim();
  }

  private static String admin(String method, String path, String json) throws Exception {
    URI uri = stack.simulator().endpoint().resolve(path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    b =
        json == null
            ? b.GET()
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode() / 100).as(method + " " + path + ": " + r.body()).isEqualTo(2);
    return r.body();
  }
}
