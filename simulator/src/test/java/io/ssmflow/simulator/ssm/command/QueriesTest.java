package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.cf;
import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** ListCommands, ListCommandInvocations, GetCommandInvocation, CancelCommand and the knobs. */
class QueriesTest {
  private static final String FLEET =
      """
      instances:
        - count: 12
          namePrefix: q
          tags: {Tier: web}
          mode: simulated
          latency: 10ms
        - count: 3
          namePrefix: slow
          mode: simulated
          latency: 400ms
        - name: failing-1
          mode: simulated
          latency: 10ms
          exitCode: 1
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<String> web() {
    return IntStream.rangeClosed(1, 12)
        .mapToObj(i -> id(sim, "q-" + i))
        .collect(Collectors.toList());
  }

  @Test
  void listCommandInvocationsPagesWithNextToken() {
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(web())
                        .parameters(Map.of("commands", List.of("uptime"))))
            .command()
            .commandId();
    await(ssm, cid);
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListCommandInvocationsResponse page =
          ssm.listCommandInvocations(b -> b.commandId(cid).maxResults(5).nextToken(t));
      page.commandInvocations().forEach(i -> seen.add(i.instanceId()));
      assertThat(page.commandInvocations())
          .allSatisfy(i -> assertThat(i.commandPlugins()).as("no Details, no plugins").isEmpty());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(web());
    assertThat(
            errorCode(() -> ssm.listCommandInvocations(b -> b.commandId(cid).nextToken("garbage"))))
        .isEqualTo("InvalidNextToken");
    assertThat(errorCode(() -> ssm.listCommandInvocations(b -> b.commandId(cid).maxResults(51))))
        .isEqualTo("ValidationException");
    List<CommandInvocation> one =
        ssm.listCommandInvocations(b -> b.commandId(cid).instanceId(id(sim, "q-3")).details(true))
            .commandInvocations();
    assertThat(one)
        .singleElement()
        .satisfies(
            i -> assertThat(i.commandPlugins().get(0).name()).isEqualTo("aws:runShellScript"));
  }

  @Test
  void listCommandsFindsACommandByItsCommentAndPagesNewestFirst() {
    String key = "wf-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String comment = key + "/batch-" + i;
      sent.add(
          ssm.sendCommand(
                  b ->
                      b.documentName("AWS-RunShellScript")
                          .instanceIds(id(sim, "q-1"))
                          .comment(comment)
                          .parameters(Map.of("commands", List.of("true"))))
              .command()
              .commandId());
    }
    List<Command> all = new ArrayList<>();
    ssm.listCommandsPaginator(b -> b.maxResults(3)).forEach(p -> all.addAll(p.commands()));
    List<Command> mine = all.stream().filter(c -> c.comment().startsWith(key)).toList();
    List<String> newestFirst = new ArrayList<>(sent);
    java.util.Collections.reverse(newestFirst);
    assertThat(mine).extracting(Command::commandId).containsExactlyElementsOf(newestFirst);
    Optional<Command> batch3 =
        all.stream().filter(c -> c.comment().equals(key + "/batch-3")).findFirst();
    assertThat(batch3).map(Command::commandId).contains(sent.get(3));
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).requestedDateTime())
          .isBeforeOrEqualTo(all.get(i - 1).requestedDateTime());
    }
  }

  @Test
  void listCommandsFilters() {
    String failing = id(sim, "failing-1");
    String ok = shell(ssm, List.of(id(sim, "q-2")), "true");
    String bad = shell(ssm, List.of(failing), "false");
    await(ssm, ok);
    await(ssm, bad);
    Set<String> failed =
        ids(ssm.listCommands(b -> b.filters(cf(CommandFilterKey.STATUS, "Failed"))));
    assertThat(failed).contains(bad).doesNotContain(ok);
    Set<String> complete =
        ids(
            ssm.listCommands(
                b ->
                    b.filters(
                        cf(CommandFilterKey.EXECUTION_STAGE, "Complete"),
                        cf(CommandFilterKey.DOCUMENT_NAME, "AWS-RunShellScript"))));
    assertThat(complete).contains(ok, bad);
    String inAnHour = Instant.now().plusSeconds(3600).toString();
    assertThat(
            ssm.listCommands(b -> b.filters(cf(CommandFilterKey.INVOKED_AFTER, inAnHour)))
                .commands())
        .isEmpty();
    assertThat(ids(ssm.listCommands(b -> b.filters(cf(CommandFilterKey.INVOKED_BEFORE, inAnHour)))))
        .contains(ok);
    assertThat(ids(ssm.listCommands(b -> b.instanceId(failing)))).contains(bad).doesNotContain(ok);
    assertThat(
            ssm.listCommandInvocations(
                    b -> b.commandId(bad).filters(cf(CommandFilterKey.STATUS, "Failed")))
                .commandInvocations())
        .hasSize(1);
    assertThat(
            errorCode(
                () ->
                    ssm.listCommandInvocations(
                        b -> b.filters(cf(CommandFilterKey.EXECUTION_STAGE, "Complete")))))
        .isEqualTo("InvalidFilterKey");
    assertThat(errorCode(() -> ssm.listCommands(b -> b.filters(cf("Colour", "red")))))
        .isEqualTo("InvalidFilterKey");
    assertThat(errorCode(() -> ssm.listCommands(b -> b.commandId(UUID.randomUUID().toString()))))
        .isEqualTo("InvalidCommandId");
  }

  private static Set<String> ids(ListCommandsResponse r) {
    return r.commands().stream().map(Command::commandId).collect(Collectors.toSet());
  }

  @Test
  void getCommandInvocationErrors() {
    String cid = shell(ssm, List.of(id(sim, "q-4")), "true");
    await(ssm, cid);
    assertThat(
            errorCode(
                () ->
                    ssm.getCommandInvocation(
                        b -> b.commandId("not-a-command-id").instanceId(id(sim, "q-4")))))
        .isEqualTo("InvalidCommandId");
    assertThatThrownBy(
            () ->
                ssm.getCommandInvocation(
                    b -> b.commandId(UUID.randomUUID().toString()).instanceId(id(sim, "q-4"))))
        .isInstanceOf(InvocationDoesNotExistException.class);
    assertThatThrownBy(
            () -> ssm.getCommandInvocation(b -> b.commandId(cid).instanceId(id(sim, "q-5"))))
        .isInstanceOf(InvocationDoesNotExistException.class);
    assertThat(errorCode(() -> ssm.getCommandInvocation(b -> b.commandId(cid).instanceId("web-1"))))
        .isEqualTo("InvalidInstanceId");
    assertThat(errorCode(() -> ssm.cancelCommand(b -> b.commandId(UUID.randomUUID().toString()))))
        .isEqualTo("InvalidCommandId");
  }

  @Test
  void newInvocationsAreInvisibleForTheVisibilityDelay() {
    sim.admin("POST", "/_sim/knobs", "{\"invocationVisibilityDelay\": \"400ms\"}");
    try {
      String q6 = id(sim, "q-6");
      String cid = shell(ssm, List.of(q6), "true");
      assertThatThrownBy(() -> ssm.getCommandInvocation(b -> b.commandId(cid).instanceId(q6)))
          .isInstanceOf(InvocationDoesNotExistException.class);
      assertThat(ssm.listCommandInvocations(b -> b.commandId(cid)).commandInvocations()).isEmpty();
      assertThat(ssm.listCommands(b -> b.commandId(cid)).commands()).hasSize(1);
      CommandTesting.sleep(450);
      assertThat(ssm.getCommandInvocation(b -> b.commandId(cid).instanceId(q6)).statusAsString())
          .isEqualTo("Success");
    } finally {
      sim.admin("POST", "/_sim/knobs", "{\"invocationVisibilityDelay\": \"0ms\"}");
    }
  }

  @Test
  void throttlingAnswersThrottlingException() {
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    try (SsmClient noRetry =
        SsmClient.builder()
            .endpointOverride(sim.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      sim.admin("POST", "/_sim/knobs", "{\"tps\": {\"SendCommand\": 2}}");
      List<String> codes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        try {
          noRetry.sendCommand(
              b ->
                  b.documentName("AWS-RunShellScript")
                      .instanceIds(id(sim, "q-7"))
                      .parameters(Map.of("commands", List.of("true"))));
          codes.add("ok");
        } catch (SsmException e) {
          assertThat(e.isThrottlingException()).isTrue();
          codes.add(e.awsErrorDetails().errorCode());
        }
      }
      assertThat(codes).contains("ok", "ThrottlingException");
    } finally {
      sim.admin("POST", "/_sim/knobs", "{\"tps\": {\"SendCommand\": 0}}");
    }
  }

  @Test
  void cancelCommandCancelsWhatHasNotFinished() {
    List<String> slow = List.of(id(sim, "slow-1"), id(sim, "slow-2"), id(sim, "slow-3"));
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(slow)
                        .maxConcurrency("1")
                        .parameters(Map.of("commands", List.of("sleep 1"))))
            .command()
            .commandId();
    CommandTesting.sleep(150);
    ssm.cancelCommand(b -> b.commandId(cid));
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("Cancelled");
    assertThat(CommandTesting.invocations(ssm, cid))
        .allSatisfy(i -> assertThat(i.statusAsString()).isEqualTo("Cancelled"));
    assertThat(
            ssm.getCommandInvocation(b -> b.commandId(cid).instanceId(slow.get(0))).responseCode())
        .isEqualTo(137);
    assertThat(
            ssm.getCommandInvocation(b -> b.commandId(cid).instanceId(slow.get(2))).responseCode())
        .isEqualTo(-1);
  }

  @Test
  void adminShowsCommandHistoryAndCounts() {
    String q8 = id(sim, "q-8");
    for (int i = 0; i < 3; i++) {
      await(ssm, shell(ssm, List.of(q8), "install-step"));
    }
    await(ssm, shell(ssm, List.of(q8), "verify-step"));
    var history = sim.admin("GET", "/_sim/instances/q-8/commands");
    assertThat(history.get("instanceId").asText()).isEqualTo(q8);
    assertThat(history.get("counts").get("install-step").asInt()).isEqualTo(3);
    assertThat(history.get("counts").get("verify-step").asInt()).isEqualTo(1);
    assertThat(history.get("commands")).hasSize(4);
    var last = history.get("commands").get(3);
    assertThat(last.get("text").asText()).isEqualTo("verify-step");
    assertThat(last.get("status").asText()).isEqualTo("Success");
    assertThat(last.get("responseCode").asInt()).isZero();
    var recent = sim.admin("GET", "/_sim/commands?limit=2");
    assertThat(recent.get("commands")).hasSize(2);
    assertThat(recent.get("jvm").get("heapUsedMb").asLong()).isPositive();
    Set<String> texts = new HashSet<>();
    recent.get("commands").forEach(n -> texts.add(n.get("text").asText()));
    assertThat(texts).isNotEmpty();
  }
}
