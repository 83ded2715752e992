package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.worker.SsmflowWorker;
import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.ssmflow.workflows.params.ConfigPushResult;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.PushOutcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Issue 5 item 5 and issue 13: a SecureString value pushed with {@code params push} (then changed,
 * planned, shown in history and rolled back) never appears in any workflow history (the serialized
 * bytes the server stores, parent and children, and those bytes decrypted) nor in the CLI's output
 * nor in the log output of the CLI and the workers: the CLI stages it in Parameter Store and the
 * workflow carries its name and version. That holds with the key on both sides, with a CLI without
 * the key against a worker with one, and with no key anywhere; and no staged value is left behind.
 */
class ParamsPlaintextTest {
  static final String SECRET = "Pl41nt3xt-" + UUID.randomUUID();
  static final String NEW_SECRET = "R0tated-" + UUID.randomUUID();
  static final String FLEET =
      """
      instances:
        - count: 1
          namePrefix: sec
          mode: shell
          tags: {Application: sec, Environment: test}
      """;

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;
  static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  static Level temporalLevel;

  @BeforeAll
  static void start() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.setContext(context);
    logs.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    // The SDK's own loggers as chatty as they go; the CLI sets root and io.ssmflow per run.
    temporalLevel = context.getLogger("io.temporal").getLevel();
    context.getLogger("io.temporal").setLevel(Level.DEBUG);
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state.resolve("sim"), "default", "plaintext")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
    context.getLogger("io.temporal").setLevel(temporalLevel);
  }

  private static CliRun ok(StringBuilder output, String... args) {
    return ok(output, env, args);
  }

  private static CliRun ok(StringBuilder output, Map<String, String> env, String... args) {
    CliRun run = CliRun.run(env, args);
    output.append(run.out()).append(run.err());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    return run;
  }

  private static String pushId(CliRun run) {
    return run.out().substring("started ".length(), run.out().indexOf(" (run"));
  }

  @Test
  void secureValuesAreNeverInHistoryOutputOrLogs() throws Exception {
    Path v1 = state.resolve("v1.yaml");
    Files.writeString(v1, "db:\n  host: db1\n  password: " + SECRET + "\n");
    Path v2 = state.resolve("v2.yaml");
    Files.writeString(v2, "db:\n  host: db1\n  password: " + NEW_SECRET + "\n");
    StringBuilder output = new StringBuilder();

    ok(
        output,
        "params",
        "push",
        "--app",
        "sec",
        "--env",
        "test",
        v1.toString(),
        "--plan",
        "--verbose");
    String first =
        pushId(
            ok(
                output,
                "params",
                "push",
                "--app",
                "sec",
                "--env",
                "test",
                v1.toString(),
                "--wait",
                "--verbose"));
    ok(
        output,
        "params",
        "push",
        "--app",
        "sec",
        "--env",
        "test",
        v2.toString(),
        "--plan",
        "--output",
        "json",
        "--verbose");
    String second =
        pushId(
            ok(
                output,
                "params",
                "push",
                "--app",
                "sec",
                "--env",
                "test",
                v2.toString(),
                "--wait",
                "--verbose"));
    ok(output, "params", "history", "/sec/test/db/password", "--verbose");
    ok(output, "params", "rollback", "--push", second, "--wait", "--verbose");
    String rollbackId = "params-rollback-of-" + second;

    try (AwsClients aws = AwsClients.fromEnvironment(env)) {
      var p =
          aws.ssm()
              .getParameter(b -> b.name("/sec/test/db/password").withDecryption(true))
              .parameter();
      assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING);
      assertThat(p.value()).as("the rollback restored the first secret").isEqualTo(SECRET);
    }

    assertThat(output.toString())
        .as("CLI output")
        .contains("SecureString")
        .doesNotContain(SECRET)
        .doesNotContain(NEW_SECRET);

    Path keyFile = Path.of(env.get("SSMFLOW_CODEC_KEY_FILE"));
    for (String id : new String[] {first, second, rollbackId}) {
      EncryptedHistory history = EncryptedHistory.fetch(stack.temporal().address(), "default", id);
      assertThat(history.events()).isGreaterThan(5);
      assertThat(history.bytes())
          .as("history bytes of " + id)
          .doesNotContain(SECRET)
          .doesNotContain(NEW_SECRET);
      assertThat(history.histories())
          .allSatisfy(
              h -> assertThat(h.toJson(false)).doesNotContain(SECRET).doesNotContain(NEW_SECRET));
      assertThat(history.payloads())
          .isNotEmpty()
          .allSatisfy(p -> assertThat(EncryptionCodec.isEncrypted(p)).isTrue());
    }
    // Decrypted, the pushes' inputs hold the String values and the staging references, and
    // still no secret: the values were staged in Parameter Store, never put into the input.
    for (String[] push : new String[][] {{first, SECRET}, {second, NEW_SECRET}}) {
      String decoded =
          EncryptedHistory.fetch(stack.temporal().address(), "default", push[0])
              .decodedText(keyFile);
      assertThat(decoded)
          .as("decoded history of " + push[0])
          .contains("\"value\":\"db1\"")
          .contains(ConfigRules.STAGING_ROOT + "/" + push[0] + "/1")
          .doesNotContain(push[1]);
    }
    assertNoStagedValuesLeft();

    String logText = logText();
    assertThat(logText)
        .as("the worker's activity logs were captured")
        .contains("created parameter /sec/test/db/password")
        .contains("restored parameter /sec/test/db/password");
    assertThat(logText).as("CLI and worker logs").doesNotContain(SECRET).doesNotContain(NEW_SECRET);
  }

  /**
   * A CLI without the key, against the stack's worker that has one (mixed keys), and against a
   * worker without a key either (nothing encrypted at all): the push runs, and the secret is in no
   * history, decoded or not, nor in any output or log, because it never entered the workflow's
   * input.
   */
  @Test
  void withoutTheKeyOnEitherSideTheSecretStillNeverReachesHistory() throws Exception {
    Map<String, String> noKey = new HashMap<>(env);
    noKey.remove("SSMFLOW_CODEC_KEY_FILE");
    WorkerConfig plain = new WorkerConfig(stack.temporal().address(), "default", "no-key");
    SsmflowWorker keyless = SsmflowWorker.create(plain, AwsSettings.fromEnvironment(env));
    keyless.start();
    try {
      for (String queue : new String[] {"plaintext", "no-key"}) {
        String secret = "N0k3y-" + queue + "-" + UUID.randomUUID();
        Path file = state.resolve("nokey-" + queue + ".yaml");
        Files.writeString(file, "db:\n  host: db1\n  password: " + secret + "\n");
        StringBuilder output = new StringBuilder();
        boolean workerHasKey = queue.equals("plaintext");
        String id;
        if (workerHasKey) {
          // This CLI cannot read the result the worker encrypts: it says so (exit 2).
          CliRun run =
              CliRun.run(
                  noKey,
                  "params",
                  "push",
                  "--app",
                  "sec",
                  "--env",
                  "nokey-" + queue,
                  file.toString(),
                  "--task-queue",
                  queue,
                  "--wait");
          output.append(run.out()).append(run.err());
          assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
          assertThat(run.errLines())
              .singleElement()
              .asString()
              .contains("SSMFLOW_CODEC_KEY_FILE is not set");
          id = pushId(run);
          ConfigPushResult result =
              keyedClient().newUntypedWorkflowStub(id).getResult(ConfigPushResult.class);
          assertThat(result.outcome()).isEqualTo(PushOutcome.SUCCEEDED);
        } else {
          id =
              pushId(
                  ok(
                      output,
                      noKey,
                      "params",
                      "push",
                      "--app",
                      "sec",
                      "--env",
                      "nokey-" + queue,
                      file.toString(),
                      "--task-queue",
                      queue,
                      "--wait",
                      "--verbose"));
        }

        try (AwsClients aws = AwsClients.fromEnvironment(env)) {
          var p =
              aws.ssm()
                  .getParameter(
                      b -> b.name("/sec/nokey-" + queue + "/db/password").withDecryption(true))
                  .parameter();
          assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING);
          assertThat(p.value()).isEqualTo(secret);
        }
        EncryptedHistory history =
            EncryptedHistory.fetch(stack.temporal().address(), "default", id);
        assertThat(history.payloads())
            .as("the start event is written by the CLI, in clear")
            .anySatisfy(pl -> assertThat(EncryptionCodec.isEncrypted(pl)).isFalse());
        assertThat(history.bytes())
            .as(queue)
            .contains(ConfigRules.STAGING_ROOT + "/" + id)
            .doesNotContain(secret);
        assertThat(history.histories())
            .allSatisfy(h -> assertThat(h.toJson(false)).doesNotContain(secret));
        if (workerHasKey) {
          assertThat(history.payloads())
              .as("the worker with the key encrypts what it writes")
              .anySatisfy(pl -> assertThat(EncryptionCodec.isEncrypted(pl)).isTrue());
          assertThat(history.decodedText(Path.of(env.get("SSMFLOW_CODEC_KEY_FILE"))))
              .doesNotContain(secret);
        } else {
          assertThat(history.payloads())
              .noneSatisfy(pl -> assertThat(EncryptionCodec.isEncrypted(pl)).isTrue());
        }
        assertThat(output.toString()).doesNotContain(secret);
        assertThat(logText()).doesNotContain(secret);
      }
      assertNoStagedValuesLeft();
    } finally {
      keyless.shutdown(Duration.ofSeconds(5));
    }
  }

  private static WorkflowClient keyedClient() {
    return WorkflowClient.newInstance(
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporal().address()).build()),
        WorkflowClientOptions.newBuilder()
            .setNamespace("default")
            .setDataConverter(PayloadEncryption.dataConverter(PayloadEncryption.keyFile(env)))
            .build());
  }

  private static void assertNoStagedValuesLeft() {
    try (AwsClients aws = AwsClients.fromEnvironment(env)) {
      assertThat(
              aws.ssm()
                  .getParametersByPath(b -> b.path(ConfigRules.STAGING_ROOT).recursive(true))
                  .parameters())
          .as("staged values left")
          .isEmpty();
    }
  }

  private static String logText() {
    StringBuilder b = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      b.append(e.getLoggerName())
          .append(' ')
          .append(e.getMDCPropertyMap())
          .append(' ')
          .append(e.getFormattedMessage())
          .append('\n');
      if (e.getThrowableProxy() != null) {
        b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    return b.toString();
  }
}
