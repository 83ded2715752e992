package io.ssmflow.activities;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Shared wiring for activity tests: a Temporal activity environment and simulator lookups. */
public final class ActivityTesting {
  private ActivityTesting() {}

  /** Options like the workflows use, but a single attempt so a failure surfaces at once. */
  public static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  /** An activity environment with the given implementations registered. */
  public static TestActivityEnvironment environment(Object... implementations) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(implementations);
    return env;
  }

  public static <T> T stub(TestActivityEnvironment env, Class<T> activityInterface) {
    return env.newActivityStub(activityInterface, OPTIONS);
  }

  /** Instance name to id, from the admin API. */
  public static Map<String, String> idsByName(TestSimulator sim) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode i : sim.admin("GET", "/_sim/instances?limit=100000").path("instances")) {
      out.put(i.path("name").asText(), i.path("id").asText());
    }
    return out;
  }
}
