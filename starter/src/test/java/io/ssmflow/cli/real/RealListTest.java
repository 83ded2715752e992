package io.ssmflow.cli.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.dev.DevStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssmflow list} through a real server's visibility: ssmflow's runs of every status, found by
 * operation, status, app and environment; bad filters are one line before anything is asked.
 */
@Timeout(180)
class RealListTest {
  static final String FLEET =
      """
      instances:
        - {count: 2, namePrefix: done, mode: shell, tags: {Application: shop, Environment: done}}
        - {count: 1, namePrefix: wait, mode: shell, tags: {Application: shop, Environment: wait}}
        - {count: 1, namePrefix: stop, mode: shell, tags: {Application: cart, Environment: stop}}
      """;
  static final String COMPLETED = "deploy-shop-done-1.0.0";
  static final String RUNNING = "deploy-shop-wait-2.0.0";
  static final String CANCELED = "deploy-cart-stop-3.0.0";

  @TempDir static Path dir;
  static DevStack stack;
  static Map<String, String> env;
  static String audit;

  @BeforeAll
  static void runOperations() throws Exception {
    stack = DevStack.start(RealTemporal.options(FLEET, dir.resolve("state"), "real-list"));
    env = stack.exports();
    cli("deploy", "--app", "shop", "--version", "1.0.0", "--env", "done", "--wait");
    // Waits for an approval that never comes: running.
    cli("deploy", "--app", "shop", "--version", "2.0.0", "--env", "wait", "--approve");
    cli("deploy", "--app", "cart", "--version", "3.0.0", "--env", "stop", "--approve");
    cli("cancel", CANCELED);
    JsonNode started =
        Json.MAPPER.readTree(cli("audit", "--env", "done", "--output", "json").out());
    audit = started.get("workflowId").asText();
    // Visibility is updated asynchronously: wait until every run shows with its final status.
    awaitIds(List.of("--status", "canceled"), List.of(CANCELED));
    awaitIds(List.of("--operation", "audit", "--status", "completed"), List.of(audit));
    awaitIds(List.of("--status", "running"), List.of(RUNNING));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void listShowsEveryRunOfSsmflowWithItsOperationAndStatus() throws Exception {
    JsonNode all = list();
    assertThat(ids(all)).containsExactlyInAnyOrder(COMPLETED, RUNNING, CANCELED, audit);
    for (JsonNode row : all) {
      String id = row.get("workflowId").asText();
      String expected = id.equals(audit) ? "audit" : "deploy";
      assertThat(row.get("operation").asText()).as(id).isEqualTo(expected);
    }
    String text = cli("list").out();
    assertThat(text.lines().findFirst().orElseThrow())
        .contains("WORKFLOW ID")
        .contains("OPERATION")
        .contains("STATUS");
    assertThat(text).containsPattern(RUNNING + " +deploy +RUNNING");
  }

  @Test
  void filtersByOperationStatusAppAndEnvironment() throws Exception {
    assertThat(ids(list("--operation", "deploy")))
        .containsExactlyInAnyOrder(COMPLETED, RUNNING, CANCELED);
    assertThat(ids(list("--operation", "audit"))).containsExactly(audit);
    assertThat(ids(list("--status", "running"))).containsExactly(RUNNING);
    assertThat(ids(list("--operation", "deploy", "--status", "completed")))
        .containsExactly(COMPLETED);
    assertThat(ids(list("--status", "CANCELED"))).containsExactly(CANCELED);
    assertThat(ids(list("--app", "cart"))).containsExactly(CANCELED);
    assertThat(ids(list("--app", "shop", "--env", "wait"))).containsExactly(RUNNING);
    assertThat(ids(list("--operation", "patch"))).isEmpty();
    // a deployment's rollout slices are its children: listed only when asked for
    assertThat(ids(list("--env", "done", "--operation", "deploy", "--children")))
        .containsExactlyInAnyOrder(COMPLETED, COMPLETED + "/rollout-1");
  }

  @Test
  void aBadFilterIsOneLineAndExitCodeTwo() {
    for (List<String> args :
        List.of(
            List.of("list", "--status", "sleeping"),
            List.of("list", "--operation", "reboot"),
            List.of("list", "--app", "shop' OR SsmflowApp IS NOT NULL OR SsmflowApp='x"))) {
      RealTemporal.Cli r = RealTemporal.Cli.run(env, args);
      assertThat(r.exit()).as(args.toString()).isEqualTo(2);
      assertThat(r.err().lines()).as(args.toString()).hasSize(1);
      assertThat(r.out()).isEmpty();
    }
  }

  private static RealTemporal.Cli cli(String... args) {
    return RealTemporal.Cli.run(env, args).ok();
  }

  private static JsonNode list(String... filters) throws Exception {
    List<String> args = new ArrayList<>(List.of("list", "--output", "json"));
    args.addAll(List.of(filters));
    return Json.MAPPER.readTree(RealTemporal.Cli.run(env, args).ok().out());
  }

  private static List<String> ids(JsonNode rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.get("workflowId").asText()));
    return ids;
  }

  private static void awaitIds(List<String> filters, List<String> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> got = List.of();
    while (System.nanoTime() < deadline) {
      got = ids(list(filters.toArray(new String[0])));
      if (got.containsAll(expected)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("list " + filters + " never showed " + expected + ": " + got);
  }
}
