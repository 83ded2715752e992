package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.worker.codec.EncryptionCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Issue 5 item 5: a SecureString value pushed with {@code params push} (then changed, planned,
 * shown in history and rolled back) never appears in plaintext in any workflow history (the
 * serialized bytes the server stores, parent and children) nor in the CLI's output nor in the
 * log output of the CLI and the in-process worker; while decoding the same histories with the
 * key finds it, so the search would have seen it.
 */
class ParamsPlaintextTest {
  static final String SECRET = "Pl41nt3xt-" + UUID.randomUUID();
  static final String NEW_SECRET = "R0tated-" + UUID.randomUUID();
  static final String FLEET = """
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
    stack = DevStack.start(new DevStack.Options(0, 0, null, FLEET, state.resolve("sim"),
        "default", "plaintext")
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

    ok(output, "params", "push", "--app", "sec", "--env", "test", v1.toString(), "--plan",
        "--verbose");
    String first = pushId(ok(output, "params", "push", "--app", "sec", "--env", "test",
        v1.toString(), "--wait", "--verbose"));
    ok(output, "params", "push", "--app", "sec", "--env", "test", v2.toString(), "--plan",
        "--output", "json", "--verbose");
    String second = pushId(ok(output, "params", "push", "--app", "sec", "--env", "test",
        v2.toString(), "--wait", "--verbose"));
    ok(output, "params", "history", "/sec/test/db/password", "--verbose");
    ok(output, "params", "rollback", "--push", second, "--wait", "--verbose");
    String rollbackId = "params-rollback-of-" + second;

    try (AwsClients aws = AwsClients.fromEnvironment(env)) {
      var p = aws.ssm().getParameter(b -> b.name("/sec/test/db/password").withDecryption(true))
          .parameter();
      assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING);
      assertThat(p.value()).as("the rollback restored the first secret").isEqualTo(SECRET);
    }

    assertThat(output.toString()).as("CLI output").contains("SecureString")
        .doesNotContain(SECRET).doesNotContain(NEW_SECRET);

    Path keyFile = Path.of(env.get("SSMFLOW_CODEC_KEY_FILE"));
    for (String id : new String[] {first, second, rollbackId}) {
      EncryptedHistory history = EncryptedHistory.fetch(stack.temporal().address(), "default",
          id);
      assertThat(history.events()).isGreaterThan(5);
      assertThat(history.bytes()).as("history bytes of " + id).doesNotContain(SECRET)
          .doesNotContain(NEW_SECRET);
      assertThat(history.histories()).allSatisfy(h -> assertThat(h.toJson(false))
          .doesNotContain(SECRET).doesNotContain(NEW_SECRET));
      assertThat(history.payloads()).isNotEmpty()
          .allSatisfy(p -> assertThat(EncryptionCodec.isEncrypted(p)).isTrue());
    }
    // The search would have found them: they are in the pushes' (encrypted) inputs.
    assertThat(EncryptedHistory.fetch(stack.temporal().address(), "default", first)
        .decodedText(keyFile)).contains(SECRET);
    assertThat(EncryptedHistory.fetch(stack.temporal().address(), "default", second)
        .decodedText(keyFile)).contains(NEW_SECRET);

    String logText = logText();
    assertThat(logText).as("the worker's activity logs were captured")
        .contains("created parameter /sec/test/db/password")
        .contains("restored parameter /sec/test/db/password");
    assertThat(logText).as("CLI and worker logs").doesNotContain(SECRET)
        .doesNotContain(NEW_SECRET);
  }

  private static String logText() {
    StringBuilder b = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      b.append(e.getLoggerName()).append(' ').append(e.getMDCPropertyMap()).append(' ')
          .append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    return b.toString();
  }
}
