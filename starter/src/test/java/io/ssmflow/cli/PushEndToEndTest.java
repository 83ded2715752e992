package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.command.push.CompletionFeed;
import io.ssmflow.activities.command.push.PushSettings;
import io.ssmflow.cli.dev.DevStack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion push end to end (docs/push.md): the same deployment on the dev stack, once with the
 * simulator's SSM pushing invocation ends through its SNS to the worker, once polled. Pushed, no
 * invocation is read (a deployment needs no output of a step that succeeded); polled, there are no
 * notifications. Counted by the simulator.
 */
class PushEndToEndTest {
  static final String FLEET =
      """
      instances:
        - count: 8
          namePrefix: web
          mode: simulated
          latency: 100ms-400ms
          tags: {Application: web, Environment: test}
      """;

  @TempDir Path state;

  JsonNode deploy(DevStack.Options options) throws Exception {
    try (DevStack stack = DevStack.start(options)) {
      Map<String, String> env = stack.exports();
      // Commands SSM takes within CompletionFeed.SKEW_MARGIN of the subscription going live are
      // polled (their notifications could predate it): start the deployment after that.
      Thread.sleep(CompletionFeed.SKEW_MARGIN.toMillis() + 500);
      SimHttp.admin(stack, "POST", "/_sim/stats/reset", null);
      CliRun deploy =
          CliRun.run(
              env,
              "deploy",
              "--app",
              "web",
              "--version",
              "1.0.0",
              "--env",
              "test",
              "--max-concurrency",
              "3",
              "--metrics-namespace",
              "none",
              "--wait");
      assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
      assertThat(deploy.out()).contains("SUCCEEDED").contains("8/8 succeeded");
      JsonNode stats = SimHttp.admin(stack, "GET", "/_sim/stats", null);
      return stats;
    }
  }

  @Test
  void pushedEndsAreNotReadAndPolledOnesAre() throws Exception {
    DevStack.Options options =
        new DevStack.Options(0, 0, null, FLEET, state.resolve("pushed"), "default", "push");
    JsonNode pushed = deploy(options);
    long steps = pushed.at("/calls/ssm:SendCommand").asLong();
    assertThat(steps).isPositive();
    assertThat(pushed.at("/notifications/published").asLong())
        .as("one notification per invocation end")
        .isGreaterThanOrEqualTo(8);
    assertThat(pushed.at("/notifications/failed").asLong()).isZero();
    assertThat(pushed.at("/calls/ssm:ListCommandInvocations").asLong())
        .as("no invocation read")
        .isZero();

    JsonNode polled =
        deploy(
            new DevStack.Options(0, 0, null, FLEET, state.resolve("polled"), "default", "poll")
                .withoutPush());
    assertThat(polled.at("/notifications/published").asLong()).isZero();
    assertThat(polled.at("/calls/ssm:ListCommandInvocations").asLong()).isPositive();
  }

  @Test
  void theStackExportsThePushTopicForWorkersInOtherShells() throws Exception {
    try (DevStack stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state.resolve("exports"), "default", "x"))) {
      Map<String, String> env = stack.exports();
      assertThat(env.get(PushSettings.TOPIC_ENV))
          .startsWith("arn:aws:sns:")
          .endsWith(":ssmflow-command-completions");
      assertThat(env.get(PushSettings.ROLE_ENV)).startsWith("arn:aws:iam::");
      JsonNode subs = SimHttp.admin(stack, "GET", "/_sim/sns/topics", null);
      assertThat(subs.toString()).contains("ssmflow-command-completions");
    }
  }
}
