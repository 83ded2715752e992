package io.ssmflow.activities;

import io.ssmflow.simulator.TestSimulator;
import io.temporal.testing.TestActivityEnvironment;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared setup of activity tests against a simulator, as a JUnit extension registered in a
 * static field: one simulator with the given fleet per test class (and its instance ids by name),
 * and per test a fresh {@link TestActivityEnvironment} with the implementation registered and a
 * stub of the activity interface.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SimulatorFixture<CommandActivities> FIXTURE = new SimulatorFixture<>(
 *     FLEET, CommandActivities.class, sim -> new CommandActivitiesImpl(sim.ssm()));
 * }</pre>
 */
public final class SimulatorFixture<A>
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final String fleet;
  private final Class<A> activityInterface;
  private final Function<TestSimulator, Object> implementation;
  private TestSimulator sim;
  private Map<String, String> ids;
  private TestActivityEnvironment env;
  private A activities;

  public SimulatorFixture(
      String fleet, Class<A> activityInterface, Function<TestSimulator, Object> implementation) {
    this.fleet = fleet;
    this.activityInterface = activityInterface;
    this.implementation = implementation;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sim = TestSimulator.start(fleet);
    ids = ActivityTesting.idsByName(sim);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sim.close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    env = ActivityTesting.environment(implementation.apply(sim));
    activities = ActivityTesting.stub(env, activityInterface);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    env.close();
  }

  /** A stub of another activity interface the same implementation serves. */
  public <B> B stub(Class<B> activityInterface) {
    return ActivityTesting.stub(env, activityInterface);
  }

  /** The simulator of this test class. */
  public TestSimulator sim() {
    return sim;
  }

  /** The id of the instance with that name, as loaded at the start of the test class. */
  public String id(String name) {
    return ids.get(name);
  }

  /** The activity environment of the current test. */
  public TestActivityEnvironment env() {
    return env;
  }

  /** The activity stub of the current test. */
  public A activities() {
    return activities;
  }
}
