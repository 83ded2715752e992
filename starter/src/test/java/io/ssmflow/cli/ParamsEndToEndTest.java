package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.ssmflow.workflows.params.ParameterAuditProgress;
import io.ssmflow.workflows.params.ParameterAuditResult;
import io.ssmflow.workflows.params.ParameterAuditWorkflow;
import io.ssmflow.workflows.params.RemediationStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * {@code ssmflow params} end to end on the embedded stack (test server, simulator, in-process
 * worker): plan, push, re-push, history, rollback by version and by push, push with restart through
 * a deployment, audit with remediation behind approve.
 */
class ParamsEndToEndTest {
  static final String FLEET =
      """
      instances:
        - count: 2
          namePrefix: cfg
          mode: shell
          tags: {Application: cfg, Environment: test}
      """;
  static final String SECRET = "pa55-Wr0rd-e2e";

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;
  static AwsClients aws;
  static WorkflowServiceStubs stubs;
  static WorkflowClient client;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "params")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
    aws = AwsClients.fromEnvironment(env);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(env.get("TEMPORAL_ADDRESS"))
                .build());
    client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace("default")
                .setDataConverter(PayloadEncryption.dataConverter(PayloadEncryption.keyFile(env)))
                .build());
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static SsmClient ssm() {
    return aws.ssm();
  }

  static Parameter read(String name) {
    return ssm().getParameter(b -> b.name(name).withDecryption(true)).parameter();
  }

  static Map<String, String> tagsOf(String name) {
    return ssm()
        .listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))
        .tagList()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  static boolean exists(String name) {
    try {
      ssm().getParameter(b -> b.name(name));
      return true;
    } catch (ParameterNotFoundException e) {
      return false;
    }
  }

  static Path config(String name, String yaml) throws Exception {
    Path f = state.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  static CliRun ok(String... args) {
    CliRun run = CliRun.run(env, args);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    return run;
  }

  @Test
  void planPushRepushHistoryAndRollbacks() throws Exception {
    Path v1 =
        config(
            "shop-v1.yaml",
            """
        db:
          host: db1.internal
          port: 5432
          password: %s
        features: [search, cart]
        api_key: k-123
        """
                .formatted(SECRET));

    CliRun plan = ok("params", "push", "--app", "shop", "--env", "test", v1.toString(), "--plan");
    assertThat(plan.out())
        .contains("plan for /shop/test/: 5 to add, 0 to change, 0 unchanged")
        .contains("secure keys: keys matching password, passwd, pwd, passphrase, secret, key,")
        .contains("+ /shop/test/db/password  SecureString  ****")
        .contains("+ /shop/test/api_key  SecureString  ****")
        .contains("+ /shop/test/db/host  String  db1.internal")
        .contains("+ /shop/test/features  StringList  search,cart")
        .doesNotContain(SECRET)
        .doesNotContain("k-123");
    assertThat(exists("/shop/test/db/host")).as("--plan writes nothing").isFalse();

    CliRun push = ok("params", "push", "--app", "shop", "--env", "test", v1.toString(), "--wait");
    assertThat(push.out())
        .startsWith("started params-push-shop-test-")
        .contains(": SUCCEEDED")
        .contains("5 written (5 added, 0 changed), 0 unchanged")
        .doesNotContain(SECRET);
    String firstPush = push.out().substring("started ".length(), push.out().indexOf(" (run"));
    Parameter password = read("/shop/test/db/password");
    assertThat(password.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(password.value()).isEqualTo(SECRET);
    assertThat(ssm().getParametersByPath(b -> b.path("/_ssmflow").recursive(true)).parameters())
        .as("the staged secure values are deleted once written")
        .isEmpty();
    assertThat(tagsOf("/shop/test/db/password"))
        .containsAllEntriesOf(
            Map.of("Application", "shop", "Environment", "test", "ManagedBy", "ssmflow"));
    assertThat(read("/shop/test/db/port").type()).isEqualTo(ParameterType.STRING);
    assertThat(read("/shop/test/features").type()).isEqualTo(ParameterType.STRING_LIST);

    CliRun again =
        ok(
            "params",
            "push",
            "--app",
            "shop",
            "--env",
            "test",
            v1.toString(),
            "--wait",
            "--output",
            "json");
    JsonNode same = Json.MAPPER.readTree(again.out());
    assertThat(same.at("/result/outcome").asText()).isEqualTo("NO_CHANGES");
    assertThat(read("/shop/test/db/password").version()).isEqualTo(1L);

    Path v2 =
        config(
            "shop-v2.yaml",
            """
        db:
          host: db2.internal
          port: 5432
          password: %s
        features: [search, cart]
        api_key: k-123
        """
                .formatted(SECRET));
    CliRun second =
        ok(
            "params",
            "push",
            "--app",
            "shop",
            "--env",
            "test",
            v2.toString(),
            "--wait",
            "--output",
            "json");
    JsonNode result = Json.MAPPER.readTree(second.out());
    String secondPush = result.get("workflowId").asText();
    assertThat(result.at("/result/replaced")).hasSize(1);
    assertThat(result.at("/result/replaced/~1shop~1test~1db~1host").asText()).isEqualTo("1");
    assertThat(read("/shop/test/db/host").value()).isEqualTo("db2.internal");
    assertThat(read("/shop/test/db/password").version())
        .as("unchanged: not rewritten")
        .isEqualTo(1L);

    CliRun history = ok("params", "history", "/shop/test/db/password");
    assertThat(history.out())
        .contains("1 versions kept")
        .contains("SecureString")
        .contains("****")
        .doesNotContain(SECRET);
    assertThat(ok("params", "history", "/shop/test/db/password", "--with-decryption").out())
        .contains(SECRET);
    JsonNode hostHistory =
        Json.MAPPER.readTree(
            ok("params", "history", "/shop/test/db/host", "--output", "json").out());
    assertThat(hostHistory.get("versions")).hasSize(2);
    assertThat(hostHistory.at("/versions/0/value").asText()).isEqualTo("db1.internal");

    CliRun missing =
        CliRun.run(env, "params", "rollback", "/shop/test/db/host", "--to-version", "9", "--wait");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.errLines())
        .containsExactly("ssmflow: /shop/test/db/host has no version 9 (versions kept: 1 to 2)");
    assertThat(read("/shop/test/db/host").version()).as("nothing written").isEqualTo(2L);
    CliRun none = CliRun.run(env, "params", "rollback", "/shop/test/nothing", "--to-version", "1");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.errLines())
        .containsExactly("ssmflow: parameter /shop/test/nothing does not exist");

    CliRun rollback = ok("params", "rollback", "/shop/test/db/host", "--to-version", "1", "--wait");
    assertThat(rollback.out()).contains("/shop/test/db/host: restored version 1 as version 3");
    assertThat(read("/shop/test/db/host").value()).isEqualTo("db1.internal");

    ok("params", "push", "--app", "shop", "--env", "test", v2.toString(), "--wait");
    assertThat(read("/shop/test/db/host").version()).isEqualTo(4L);
    CliRun undoFirst = ok("params", "rollback", "--push", firstPush, "--wait");
    assertThat(undoFirst.out()).contains("0 restored, 5 deleted");
    assertThat(exists("/shop/test/db/password")).isFalse();
    assertThat(exists("/shop/test/db/host")).isFalse();

    CliRun undoSecond = CliRun.run(env, "params", "rollback", "--push", secondPush, "--wait");
    assertThat(undoSecond.exit()).as("the parameter is gone: the restore fails").isEqualTo(1);
  }

  @Test
  void pushWithRestartRestartsTheDeployedVersion() throws Exception {
    ok(
        "deploy",
        "--app",
        "cfg",
        "--version",
        "1.2.0",
        "--env",
        "test",
        "--max-concurrency",
        "100%",
        "--wait");
    Path f = config("cfg.json", "{\"log\": {\"level\": \"debug\"}, \"token\": \"t-1\"}");

    CliRun push =
        ok(
            "params",
            "push",
            "--app",
            "cfg",
            "--env",
            "test",
            f.toString(),
            "--restart",
            "--max-concurrency",
            "1",
            "--wait",
            "--output",
            "json");

    JsonNode r = Json.MAPPER.readTree(push.out()).get("result");
    assertThat(r.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(r.get("restart").asText())
        .startsWith("restart SUCCEEDED: 2 of 2 instances on" + " 1.2.0");
    assertThat(r.get("restartWorkflowId").asText()).endsWith("/restart");
    assertThat(read("/cfg/test/current-version").value()).isEqualTo("1.2.0");
    assertThat(read("/cfg/test/current-version").version())
        .as("version not rewritten")
        .isEqualTo(1L);
    assertThat(push.out()).doesNotContain("t-1");
  }

  @Test
  void auditRemediatesAfterApprove() throws Exception {
    ssm()
        .putParameter(
            b -> b.name("/aud/prod/db/password").value("pw-in-clear").type(ParameterType.STRING));
    ssm()
        .putParameter(
            b -> b.name("/aud/security/cidrs").value("10.0.0.0/8").type(ParameterType.STRING));
    ssm()
        .putParameter(
            b -> b.name("/aud/prod/api/token").value("x").type(ParameterType.SECURE_STRING));
    ssm()
        .putParameter(
            b -> b.name("/aud/prod/region").value("eu-west-1").type(ParameterType.STRING));

    CliRun report = ok("params", "audit", "--path", "/aud", "--wait");
    assertThat(report.out())
        .contains("4 parameters under /aud, 3 findings")
        .contains("HIGH SENSITIVE_NOT_ENCRYPTED /aud/prod/db/password")
        .contains("HIGH UNENCRYPTED_PROTECTED_PATH /aud/security/cidrs")
        .contains("MEDIUM DEFAULT_KMS_KEY /aud/prod/api/token")
        .contains("remediation: NOT_REQUESTED")
        .doesNotContain("pw-in-clear");

    CliRun started = ok("params", "audit", "--path", "/aud", "--remediate", "--output", "json");
    String id = Json.MAPPER.readTree(started.out()).get("workflowId").asText();
    assertThat(id).isEqualTo("params-audit-aud");
    ParameterAuditWorkflow wf = client.newWorkflowStub(ParameterAuditWorkflow.class, id);
    for (int i = 0; i < 100 && !progress(wf).awaitingApproval(); i++) {
      Thread.sleep(100);
    }
    assertThat(read("/aud/prod/db/password").type()).isEqualTo(ParameterType.STRING);
    ok("approve", id, "--reason", "convert them");
    ParameterAuditResult result = WorkflowStub.fromTyped(wf).getResult(ParameterAuditResult.class);

    assertThat(result.remediation()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.converted())
        .containsExactlyInAnyOrder("/aud/prod/db/password", "/aud/security/cidrs");
    assertThat(read("/aud/prod/db/password").type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(read("/aud/prod/db/password").value()).isEqualTo("pw-in-clear");
    assertThat(read("/aud/prod/region").type()).isEqualTo(ParameterType.STRING);
  }

  @Test
  void auditRemediationRejectedConvertsNothing() throws Exception {
    ssm()
        .putParameter(
            b -> b.name("/rej/prod/db/password").value("still-clear").type(ParameterType.STRING));
    String id =
        Json.MAPPER
            .readTree(
                ok("params", "audit", "--path", "/rej", "--remediate", "--output", "json").out())
            .get("workflowId")
            .asText();
    ParameterAuditWorkflow wf = client.newWorkflowStub(ParameterAuditWorkflow.class, id);
    for (int i = 0; i < 100 && !progress(wf).awaitingApproval(); i++) {
      Thread.sleep(100);
    }
    CliRun reject = ok("reject", id, "--reason", "not in this window");
    assertThat(reject.out()).contains("rejected remediation by");
    ParameterAuditResult result = WorkflowStub.fromTyped(wf).getResult(ParameterAuditResult.class);

    assertThat(result.remediation()).isEqualTo(RemediationStatus.REJECTED);
    assertThat(result.decision().reason()).isEqualTo("not in this window");
    assertThat(read("/rej/prod/db/password").type()).isEqualTo(ParameterType.STRING);
    CliRun late = CliRun.run(env, "approve", id);
    assertThat(late.exit()).isEqualTo(2);
    assertThat(late.errLines()).hasSize(1);
  }

  static ParameterAuditProgress progress(ParameterAuditWorkflow wf) {
    try {
      return wf.progress();
    } catch (RuntimeException e) {
      return new ParameterAuditProgress("starting", 0, 0, false);
    }
  }
}
