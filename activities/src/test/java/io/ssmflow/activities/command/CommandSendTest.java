package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.model.Command;

/** Sending: one SendCommand per batch of up to 50, idempotent across retries. */
class CommandSendTest {
  private static final String FLEET = """
      instances:
        - count: 51
          namePrefix: node
          mode: simulated
          latency: 100ms
        - name: patchable
          mode: simulated
          latency: 100ms
          pendingPatches:
            - {id: KB100, classification: Security, severity: Critical, title: openssl}
      """;

  @RegisterExtension
  static final SimulatorFixture<CommandActivities> FIXTURE = new SimulatorFixture<>(
      FLEET, CommandActivities.class, sim -> new CommandActivitiesImpl(sim.ssm()));

  private static List<String> nodes(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> FIXTURE.id("node-" + i)).toList();
  }

  @Test
  void fiftyInstancesGoOutInOneSendCommandWithoutSsmRateControl() {
    List<String> fifty = nodes(50);
    String commandId = FIXTURE.activities().sendShellCommand(new SendCommandRequest(
        "deploy-shop/s1/b1", "deploy shop 2.0.0 start", fifty,
        List.of("echo start", "echo done"), 120, 45));

    List<Command> sent = FIXTURE.sim().ssm().listCommands(b -> b.commandId(commandId)).commands();
    assertThat(sent).hasSize(1);
    Command c = sent.get(0);
    assertThat(c.instanceIds()).containsExactlyElementsOf(fifty);
    assertThat(c.documentName()).isEqualTo("AWS-RunShellScript");
    assertThat(c.parameters()).containsEntry("commands", List.of("echo start", "echo done"))
        .containsEntry("executionTimeout", List.of("120"));
    assertThat(c.timeoutSeconds()).isEqualTo(45);
    assertThat(c.maxConcurrency()).isEqualTo("50");
    assertThat(c.maxErrors()).isEqualTo("100%");
    assertThat(c.comment())
        .isEqualTo(CommandComments.marker("deploy-shop/s1/b1") + " deploy shop 2.0.0 start");

    Map<String, InvocationOutcome> outcomes =
        CommandTesting.awaitAll(FIXTURE.activities(), commandId, fifty, Duration.ofSeconds(30));
    assertThat(outcomes).hasSize(50);
    assertThat(outcomes.values()).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS);
      assertThat(o.responseCode()).isZero();
    });
  }

  @Test
  void anEbsSnapshotIdIsNoPatchSnapshotIdAndFailsForGood() {
    assertThatThrownBy(() -> FIXTURE.activities().sendPatchBaseline(new PatchBaselineRequest(
        "patch-2/b1", "patch", List.of(FIXTURE.id("patchable")), "Install", "NoReboot",
        "snap-0123456789abcdef0", 600)))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("SnapshotId must be a GUID")
        .satisfies(f -> assertThat(((ApplicationFailure) f).isNonRetryable()).isTrue());
  }

  @Test
  void aBatchCostsFarLessThanOneSsmCallPerInstance() {
    Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutionInterceptor counter = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context,
          ExecutionAttributes attributes) {
        calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1,
            Integer::sum);
      }
    };
    try (SsmClient counted = SsmClient.builder().endpointOverride(FIXTURE.sim().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build()) {
      TestActivityEnvironment countedEnv =
          ActivityTesting.environment(new CommandActivitiesImpl(counted));
      try {
        CommandActivities countedCommands =
            ActivityTesting.stub(countedEnv, CommandActivities.class);
        List<String> fifty = nodes(50);
        String commandId = countedCommands.sendShellCommand(new SendCommandRequest(
            "cost/s1/b1", "cost", fifty, List.of("echo cost"), 60, 30));
        CommandTesting.awaitAll(countedCommands, commandId, fifty, Duration.ofSeconds(30));
      } finally {
        countedEnv.close();
      }
    }

    int total = calls.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println("SSM calls for one 50-instance step: " + calls);
    assertThat(calls).containsEntry("SendCommand", 1).containsEntry("ListCommands", 1);
    assertThat(total / 50.0).isLessThan(0.5);
  }

  @Test
  void aBatchOf51IsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> new SendCommandRequest("k", "too many", nodes(51),
        List.of("true"), 60, 30))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("51");
  }

  @Test
  void aRetriedSendFindsItsCommandInsteadOfSendingAgain() {
    List<String> two = List.of(FIXTURE.id("node-51"), FIXTURE.id("node-50"));
    SendCommandRequest request = new SendCommandRequest("wf-retry/s2/b7", "retry test", two,
        List.of("echo retried-once"), 60, 30);

    String first = FIXTURE.activities().sendShellCommand(request);
    String second = FIXTURE.activities().sendShellCommand(request);
    String other = FIXTURE.activities().sendShellCommand(new SendCommandRequest("wf-retry/s2/b8",
        "retry test", two, List.of("echo another-key"), 60, 30));

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    long marked = FIXTURE.sim().ssm()
        .listCommandsPaginator(b -> b.instanceId(FIXTURE.id("node-51")))
        .commands().stream()
        .filter(c -> CommandComments.matches(c.comment(), "wf-retry/s2/b7")).count();
    assertThat(marked).isEqualTo(1);
    CommandTesting.awaitAll(FIXTURE.activities(), first, two, Duration.ofSeconds(20));
    CommandTesting.awaitAll(FIXTURE.activities(), other, two, Duration.ofSeconds(20));
    for (String id : two) {
      JsonNode history = FIXTURE.sim().admin("GET", "/_sim/instances/" + id + "/commands");
      assertThat(history.path("counts").path("echo retried-once").asInt()).isEqualTo(1);
      assertThat(history.path("counts").path("echo another-key").asInt()).isEqualTo(1);
    }
  }

  @Test
  void patchBaselineCarriesOperationRebootOptionAndSnapshotId() {
    String id = FIXTURE.id("patchable");
    String snapshot = "521c3536-930c-4aa9-950e-01234c1a9e1b";
    String commandId = FIXTURE.activities().sendPatchBaseline(new PatchBaselineRequest(
        "patch-1/scan/b1", "patch scan", List.of(id), "Scan", "NoReboot", snapshot, 600));

    Command c = FIXTURE.sim().ssm().listCommands(b -> b.commandId(commandId)).commands().get(0);
    assertThat(c.documentName()).isEqualTo("AWS-RunPatchBaseline");
    assertThat(c.parameters()).containsEntry("Operation", List.of("Scan"))
        .containsEntry("RebootOption", List.of("NoReboot"))
        .containsEntry("SnapshotId", List.of(snapshot));
    assertThat(FIXTURE.activities().sendPatchBaseline(new PatchBaselineRequest("patch-1/scan/b1",
        "patch scan", List.of(id), "Scan", "NoReboot", snapshot, 600)))
        .isEqualTo(commandId);

    Map<String, InvocationOutcome> outcomes = CommandTesting.awaitAll(
        FIXTURE.activities(), commandId, List.of(id), Duration.ofSeconds(20));
    assertThat(outcomes.get(id).status()).isEqualTo(InvocationStatus.SUCCESS);
  }
}
