package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.command.SendResult.RejectedInstance;
import io.ssmflow.workflows.command.SendResult.SentCommand;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.model.Command;

/**
 * Sending: one SendCommand per batch of up to 50, no lookup on a first attempt, and a batch SSM
 * refuses because of one instance goes out without it.
 */
class CommandSendTest {
  /** An instance id SSM does not know: a terminated instance. */
  static final String TERMINATED = "i-0123456789abcdef0";

  private static final String FLEET =
      """
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
        - name: lost
          mode: simulated
          pingStatus: ConnectionLost
      """;

  private static ObservedSsm observed;

  @RegisterExtension
  static final SimulatorFixture<CommandActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET,
          CommandActivities.class,
          sim -> {
            if (observed == null) {
              observed = new ObservedSsm(sim);
            }
            return new CommandActivitiesImpl(observed.client());
          });

  @BeforeEach
  void resetCounts() {
    observed.reset();
  }

  @AfterAll
  static void closeClient() {
    observed.close();
    observed = null;
  }

  private static List<String> nodes(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> FIXTURE.id("node-" + i)).toList();
  }

  /** How often each instance ran the shell line (the simulator's per-instance history). */
  private static int runs(String instanceId, String line) {
    return FIXTURE
        .sim()
        .admin("GET", "/_sim/instances/" + instanceId + "/commands")
        .path("counts")
        .path(line)
        .asInt();
  }

  @Test
  void fiftyInstancesGoOutInOneSendCommandWithoutSsmRateControl() {
    List<String> fifty = nodes(50);
    String commandId =
        CommandTesting.only(
            FIXTURE
                .activities()
                .sendShellCommand(
                    new SendCommandRequest(
                        "deploy-shop/s1/b1",
                        "deploy shop 2.0.0 start",
                        fifty,
                        List.of("echo start", "echo done"),
                        120,
                        45)));

    List<Command> sent = FIXTURE.sim().ssm().listCommands(b -> b.commandId(commandId)).commands();
    assertThat(sent).hasSize(1);
    Command c = sent.get(0);
    assertThat(c.instanceIds()).containsExactlyElementsOf(fifty);
    assertThat(c.documentName()).isEqualTo("AWS-RunShellScript");
    assertThat(c.parameters())
        .containsEntry("commands", List.of("echo start", "echo done"))
        .containsEntry("executionTimeout", List.of("120"));
    assertThat(c.timeoutSeconds()).isEqualTo(45);
    assertThat(c.maxConcurrency()).isEqualTo("50");
    assertThat(c.maxErrors()).isEqualTo("100%");
    assertThat(c.comment())
        .isEqualTo(CommandComments.marker("deploy-shop/s1/b1") + " deploy shop 2.0.0 start");

    Map<String, InvocationOutcome> outcomes =
        CommandTesting.awaitAll(FIXTURE.activities(), commandId, fifty, Duration.ofSeconds(30));
    assertThat(outcomes).hasSize(50);
    assertThat(outcomes.values())
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS);
              assertThat(o.responseCode()).isZero();
            });
  }

  @Test
  void aFirstAttemptSendsWithoutLookingUpAndABatchCostsFarLessThanACallPerInstance() {
    List<String> fifty = nodes(50);
    SendResult sent =
        FIXTURE
            .activities()
            .sendShellCommand(
                new SendCommandRequest("cost/s1/b1", "cost", fifty, List.of("echo cost"), 60, 30));

    assertThat(observed.calls()).containsOnlyKeys("SendCommand").containsEntry("SendCommand", 1);
    SentCommand command = sent.commands().get(0);
    assertThat(command.requestedAtMillis())
        .isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis() + 1_000);

    CommandTesting.awaitAll(
        FIXTURE.activities(), command.commandId(), fifty, Duration.ofSeconds(30));
    System.out.println("SSM calls for one 50-instance step: " + observed.calls());
    assertThat(observed.total() / 50.0).isLessThan(0.3);
  }

  @Test
  void aFirstAttemptNeverLooksUpSoTheSameKeySentTwiceIsTwoCommands() {
    // Only an activity retry repeats a key; a workflow never sends one key twice on purpose.
    List<String> one = List.of(FIXTURE.id("node-51"));
    SendCommandRequest request =
        new SendCommandRequest(
            "wf-once/s2/b7", "no lookup", one, List.of("echo no-lookup"), 60, 30);
    String first = CommandTesting.only(FIXTURE.activities().sendShellCommand(request));
    String second = CommandTesting.only(FIXTURE.activities().sendShellCommand(request));

    assertThat(second).isNotEqualTo(first);
    assertThat(observed.calls("ListCommands")).isZero();
  }

  @Test
  void oneTerminatedInstanceInABatchOfFiftyIsRefusedAloneAndTheOther49RunOnce() {
    List<String> batch = new ArrayList<>(nodes(49));
    batch.add(17, TERMINATED);
    SendResult sent =
        FIXTURE
            .activities()
            .sendShellCommand(
                new SendCommandRequest(
                    "poison/s1/b1", "poison", batch, List.of("echo poison-check"), 60, 30));

    assertThat(sent.commands())
        .singleElement()
        .satisfies(c -> assertThat(c.instanceIds()).containsExactlyElementsOf(nodes(49)));
    assertThat(sent.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.instanceId()).isEqualTo(TERMINATED);
              assertThat(r.reason())
                  .startsWith("SendCommand refused the batch (InvalidInstanceId")
                  .contains("SSM does not manage this instance");
            });
    assertThat(observed.calls())
        .containsEntry("SendCommand", 2)
        .containsEntry("DescribeInstanceInformation", 1)
        .doesNotContainKey("ListCommands");

    CommandTesting.awaitAll(
        FIXTURE.activities(),
        sent.commands().get(0).commandId(),
        nodes(49),
        Duration.ofSeconds(30));
    for (String id : nodes(49)) {
      assertThat(runs(id, "echo poison-check")).as("runs on %s", id).isEqualTo(1);
    }
  }

  @Test
  void anOfflineAgentInARefusedBatchIsSentInACommandOfItsOwn() {
    String lost = FIXTURE.id("lost");
    List<String> batch = List.of(FIXTURE.id("node-1"), lost, TERMINATED, FIXTURE.id("node-2"));
    SendResult sent =
        FIXTURE
            .activities()
            .sendShellCommand(
                new SendCommandRequest(
                    "offline/s1/b1", "offline", batch, List.of("echo offline-check"), 60, 30));

    assertThat(sent.commands())
        .extracting(SentCommand::instanceIds)
        .containsExactlyInAnyOrder(
            List.of(lost), List.of(FIXTURE.id("node-1"), FIXTURE.id("node-2")));
    assertThat(sent.rejected())
        .extracting(RejectedInstance::instanceId)
        .containsExactly(TERMINATED);
  }

  @Test
  void whenSsmCannotSayWhichInstanceIsAtFaultHalvesFindItAndEveryOtherRunsOnce() {
    observed.unreachable("DescribeInstanceInformation");
    List<String> batch = new ArrayList<>(nodes(49));
    batch.add(31, TERMINATED);
    SendResult sent =
        FIXTURE
            .activities()
            .sendShellCommand(
                new SendCommandRequest(
                    "bisect/s1/b1", "bisect", batch, List.of("echo bisect-check"), 60, 30));

    List<String> covered = sent.commands().stream().flatMap(c -> c.instanceIds().stream()).toList();
    assertThat(covered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(nodes(49));
    assertThat(sent.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.instanceId()).isEqualTo(TERMINATED);
              assertThat(r.reason()).startsWith("SendCommand refused it (InvalidInstanceId");
            });
    // Halving 50 down to one instance: a few refused sends per level, never one per instance.
    assertThat(observed.calls("SendCommand")).isLessThanOrEqualTo(14);
    for (SentCommand c : sent.commands()) {
      CommandTesting.awaitAll(
          FIXTURE.activities(), c.commandId(), c.instanceIds(), Duration.ofSeconds(30));
    }
    for (String id : nodes(49)) {
      assertThat(runs(id, "echo bisect-check")).as("runs on %s", id).isEqualTo(1);
    }
  }

  @Test
  void anEbsSnapshotIdIsNoPatchSnapshotIdAndFailsForGood() {
    assertThatThrownBy(
            () ->
                FIXTURE
                    .activities()
                    .sendPatchBaseline(
                        new PatchBaselineRequest(
                            "patch-2/b1",
                            "patch",
                            List.of(FIXTURE.id("patchable")),
                            "Install",
                            "NoReboot",
                            "snap-0123456789abcdef0",
                            600)))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("SnapshotId must be a GUID")
        .satisfies(f -> assertThat(((ApplicationFailure) f).isNonRetryable()).isTrue());
  }

  @Test
  void aBatchOf51IsRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () -> new SendCommandRequest("k", "too many", nodes(51), List.of("true"), 60, 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("51");
  }

  @Test
  void patchBaselineCarriesOperationRebootOptionAndSnapshotId() {
    String id = FIXTURE.id("patchable");
    String snapshot = "521c3536-930c-4aa9-950e-01234c1a9e1b";
    String commandId =
        CommandTesting.only(
            FIXTURE
                .activities()
                .sendPatchBaseline(
                    new PatchBaselineRequest(
                        "patch-1/scan/b1",
                        "patch scan",
                        List.of(id),
                        "Scan",
                        "NoReboot",
                        snapshot,
                        600)));

    Command c = FIXTURE.sim().ssm().listCommands(b -> b.commandId(commandId)).commands().get(0);
    assertThat(c.documentName()).isEqualTo("AWS-RunPatchBaseline");
    assertThat(c.parameters())
        .containsEntry("Operation", List.of("Scan"))
        .containsEntry("RebootOption", List.of("NoReboot"))
        .containsEntry("SnapshotId", List.of(snapshot));

    Map<String, InvocationOutcome> outcomes =
        CommandTesting.awaitAll(
            FIXTURE.activities(), commandId, List.of(id), Duration.ofSeconds(20));
    assertThat(outcomes.get(id).status()).isEqualTo(InvocationStatus.SUCCESS);
  }
}
