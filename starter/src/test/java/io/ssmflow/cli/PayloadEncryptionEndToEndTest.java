package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.ssmflow.cli.codec.CodecServer;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.WorkflowExecutionHistory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payload encryption end to end on the embedded stack: a deployment whose spec carries a marker
 * string runs through the CLI's client; the marker is nowhere in the serialized bytes of its
 * histories (parent and children), while decoding the same histories' payloads with the codec
 * (through the codec server, as the Web UI does) finds it.
 */
class PayloadEncryptionEndToEndTest {
  static final String MARKER = "Sup3rS3cretMarker-7f1c";
  static final String FLEET =
      """
      instances:
        - count: 2
          namePrefix: enc-test
          mode: shell
          tags: {Application: vault, Environment: enc}
      """;
  static final String SPEC =
      """
      steps:
        - name: configure
          commands: ["echo configuring with %s"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["echo healthy"]
        timeoutSeconds: 60
      rollback:
        commands: ["echo rollback"]
        timeoutSeconds: 60
      """
          .formatted(MARKER);
  static final String WORKFLOW_ID = "deploy-vault-enc-1.0.0";

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state.resolve("sim"), "default", "enc")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
    Path spec = state.resolve("spec.yaml");
    Files.writeString(spec, SPEC);
    CliRun deploy =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "vault",
            "--version",
            "1.0.0",
            "--env",
            "enc",
            "--max-concurrency",
            "100%",
            "--spec",
            spec.toString(),
            "--metrics-namespace",
            "none",
            "--wait");
    assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
    assertThat(deploy.out()).contains(WORKFLOW_ID + ": SUCCEEDED");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void devGeneratesAnOwnerOnlyKeyAndExportsIt() throws Exception {
    Path key = Path.of(env.get(CodecKeys.ENV));
    assertThat(key)
        .isEqualTo(state.resolve("sim").resolve(DevStack.CODEC_KEY_FILE).toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(stack.exportLine()).contains("SSMFLOW_CODEC_KEY_FILE=" + key);
  }

  @Test
  void theMarkerIsNotInTheHistoryBytesButDecodingFindsIt() throws Exception {
    Path keyFile = Path.of(env.get(CodecKeys.ENV));
    CodecKeys keys = CodecKeys.load(keyFile);
    EncryptedHistory history =
        EncryptedHistory.fetch(stack.temporal().address(), "default", WORKFLOW_ID);
    assertThat(history.histories()).hasSizeGreaterThan(1); // the parent and its rollout child
    assertThat(history.events()).isGreaterThan(10);
    assertThat(history.bytes()).as("history bytes").doesNotContain(MARKER);
    for (WorkflowExecutionHistory h : history.histories()) {
      assertThat(h.toJson(false)).doesNotContain(MARKER);
    }
    List<Payload> payloads = history.payloads();
    assertThat(payloads)
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(EncryptionCodec.isEncrypted(p)).as("every payload is encrypted").isTrue();
              assertThat(p.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8())
                  .isEqualTo(keys.currentId());
            });
    // The test can see the marker: decoding the same payloads finds it.
    assertThat(history.decodedText(keyFile)).contains(MARKER).contains("\"app\":\"vault\"");

    // And so can the Web UI: the codec server decodes payloads of the real history.
    try (CodecServer server =
        CodecServer.start("127.0.0.1", 0, new EncryptionCodec(keys), Set.of(), null)) {
      String body =
          JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloads).build());
      HttpResponse<String> decoded =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.endpoint().resolve("/decode"))
                      .header("Content-Type", "application/json")
                      .header("X-Namespace", "default")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
      Payloads.Builder plain = Payloads.newBuilder();
      JsonFormat.parser().merge(decoded.body(), plain);
      assertThat(plain.getPayloadsCount()).isEqualTo(payloads.size());
      assertThat(
              plain.getPayloadsList().stream()
                  .map(p -> p.getData().toStringUtf8())
                  .reduce("", String::concat))
          .contains(MARKER);
    }
  }

  @Test
  void theCliReadsEncryptedResultsAndWithoutTheKeySaysWhichSettingIsMissing() {
    CliRun status = CliRun.run(env, "status", WORKFLOW_ID, "--output", "json");
    assertThat(status.exit()).as(status.out() + status.err()).isZero();
    assertThat(status.out()).contains("SUCCEEDED");

    Map<String, String> noKey = new HashMap<>(env);
    noKey.remove(CodecKeys.ENV);
    CliRun blind = CliRun.run(noKey, "status", WORKFLOW_ID);
    assertThat(blind.exit()).as(blind.out() + blind.err()).isEqualTo(2);
    assertThat(blind.errLines()).hasSize(1);
    assertThat(blind.err()).contains("SSMFLOW_CODEC_KEY_FILE is not set");

    Map<String, String> badKey = new HashMap<>(env);
    badKey.put(CodecKeys.ENV, state.resolve("missing.key").toString());
    CliRun bad = CliRun.run(badKey, "status", WORKFLOW_ID);
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith("ssmflow: SSMFLOW_CODEC_KEY_FILE file ")
        .contains("cannot be read");
    assertThat(PayloadEncryption.keyFile(badKey)).isNotNull();
  }
}
