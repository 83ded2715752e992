package io.ssmflow.simulator.ec2;

import static io.ssmflow.simulator.ec2.Ec2TestSupport.FAST_WAITER;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.ec2Error;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.eventually;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.instance;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.knobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Instance;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** StopInstances, StartInstances, RebootInstances and the SDK's instance waiters. */
class InstanceStateTest {
  private static TestSimulator sim;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    sim =
        TestSimulator.start(
            """
        instances:
          - {count: 6, namePrefix: app, mode: simulated}
          - {name: parked, state: stopped, mode: simulated}
        """);
    ec2 = sim.ec2();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void quickTransitions() {
    knobs(sim, "{\"stateChangeDuration\": \"150ms\"}");
  }

  private static String state(String id) {
    return ec2.describeInstances(b -> b.instanceIds(id))
        .reservations()
        .get(0)
        .instances()
        .get(0)
        .state()
        .nameAsString();
  }

  @Test
  void stopGoesThroughStoppingToStoppedAndTheWaiterSeesIt() {
    Instance app = instance(sim, "app-1");
    InstanceStateChange change =
        ec2.stopInstances(b -> b.instanceIds(app.id())).stoppingInstances().get(0);
    assertThat(change.instanceId()).isEqualTo(app.id());
    assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(change.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
    assertThat(change.currentState().code()).isEqualTo(64);
    assertThat(state(app.id())).isEqualTo("stopping");
    assertThat(app.pingStatus()).isEqualTo("ConnectionLost");

    var waited = ec2.waiter().waitUntilInstanceStopped(b -> b.instanceIds(app.id()), FAST_WAITER);
    assertThat(waited.matched().response()).isPresent();
    assertThat(state(app.id())).isEqualTo("stopped");
    var described =
        ec2.describeInstances(b -> b.instanceIds(app.id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(described.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");

    InstanceStateChange again =
        ec2.stopInstances(b -> b.instanceIds(app.id())).stoppingInstances().get(0);
    assertThat(again.previousState().name()).isEqualTo(InstanceStateName.STOPPED);
    assertThat(again.currentState().name()).isEqualTo(InstanceStateName.STOPPED);
  }

  @Test
  void startGoesThroughPendingToRunningAndTheAgentComesBack() {
    Instance parked = instance(sim, "parked");
    InstanceStateChange change =
        ec2.startInstances(b -> b.instanceIds(parked.id())).startingInstances().get(0);
    assertThat(change.previousState().name()).isEqualTo(InstanceStateName.STOPPED);
    assertThat(change.currentState().name()).isEqualTo(InstanceStateName.PENDING);
    assertThat(change.currentState().code()).isZero();

    ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(parked.id()), FAST_WAITER);
    assertThat(state(parked.id())).isEqualTo("running");
    assertThat(parked.pingStatus()).isEqualTo("Online");
    var described =
        ec2.describeInstances(b -> b.instanceIds(parked.id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(described.stateReason()).isNull();
  }

  @Test
  void startingARunningInstanceChangesNothing() {
    Instance app = instance(sim, "app-2");
    InstanceStateChange change =
        ec2.startInstances(b -> b.instanceIds(app.id())).startingInstances().get(0);
    assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(change.currentState().name()).isEqualTo(InstanceStateName.RUNNING);
  }

  @Test
  void stopAndStartSeveralAtOnce() {
    Instance a = instance(sim, "app-3");
    Instance b = instance(sim, "app-4");
    assertThat(ec2.stopInstances(r -> r.instanceIds(a.id(), b.id())).stoppingInstances())
        .extracting(InstanceStateChange::instanceId)
        .containsExactly(a.id(), b.id());
    ec2.waiter().waitUntilInstanceStopped(r -> r.instanceIds(a.id(), b.id()), FAST_WAITER);
    ec2.startInstances(r -> r.instanceIds(a.id(), b.id()));
    // Stopping a pending instance is refused, as EC2 refuses it.
    ec2Error("IncorrectInstanceState", () -> ec2.stopInstances(r -> r.instanceIds(a.id())));
    ec2.waiter().waitUntilInstanceRunning(r -> r.instanceIds(a.id(), b.id()), FAST_WAITER);
    assertThat(a.reachable()).isTrue();
    assertThat(b.reachable()).isTrue();
  }

  @Test
  void startingAStoppingInstanceIsRefused() {
    knobs(sim, "{\"stateChangeDuration\": \"600ms\"}");
    Instance app = instance(sim, "app-5");
    ec2.stopInstances(r -> r.instanceIds(app.id()));
    var e =
        ec2Error("IncorrectInstanceState", () -> ec2.startInstances(r -> r.instanceIds(app.id())));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "The instance '" + app.id() + "' is not in a state from which it can be" + " started.");
    eventually(Duration.ofSeconds(5), "app-5 stopped", () -> "stopped".equals(app.state()));
    knobs(sim, "{\"stateChangeDuration\": \"50ms\"}");
    ec2.startInstances(r -> r.instanceIds(app.id()));
    eventually(Duration.ofSeconds(5), "app-5 running", () -> "running".equals(app.state()));
  }

  @Test
  void rebootDropsTheAgentForAMoment() {
    knobs(sim, "{\"stateChangeDuration\": \"400ms\"}");
    Instance app = instance(sim, "app-6");
    ec2.rebootInstances(b -> b.instanceIds(app.id()));
    assertThat(app.pingStatus()).isEqualTo("ConnectionLost");
    assertThat(app.state()).isEqualTo("running");
    eventually(Duration.ofSeconds(5), "app-6 back online", () -> "Online".equals(app.pingStatus()));
  }

  @Test
  void rebootKeepsAnAgentThatWasOfflineOffline() {
    Instance app = instance(sim, "app-6");
    eventually(Duration.ofSeconds(5), "app-6 online", () -> "Online".equals(app.pingStatus()));
    app.pingStatus("Inactive");
    try {
      ec2.rebootInstances(b -> b.instanceIds(app.id()));
      assertThat(app.pingStatus()).isEqualTo("ConnectionLost");
      eventually(
          Duration.ofSeconds(5), "app-6 reboot over", () -> "Inactive".equals(app.pingStatus()));
    } finally {
      app.pingStatus("Online");
    }
  }

  @Test
  void rebootingAStoppedInstanceIsRefused() {
    Instance parked = instance(sim, "parked");
    eventually(Duration.ofSeconds(5), "parked settled", () -> !"pending".equals(parked.state()));
    if ("running".equals(parked.state())) {
      ec2.stopInstances(b -> b.instanceIds(parked.id()));
      eventually(Duration.ofSeconds(5), "parked stopped", () -> "stopped".equals(parked.state()));
    }
    ec2Error("IncorrectInstanceState", () -> ec2.rebootInstances(b -> b.instanceIds(parked.id())));
  }

  @Test
  void unknownInstancesFailTheWholeCall() {
    Instance app = instance(sim, "app-1");
    ec2Error(
        "InvalidInstanceID.NotFound",
        () -> ec2.stopInstances(b -> b.instanceIds(app.id(), "i-0123456789abcdef0")));
    ec2Error(
        "InvalidInstanceID.NotFound",
        () -> ec2.startInstances(b -> b.instanceIds("i-0123456789abcdef0")));
    ec2Error(
        "InvalidInstanceID.NotFound",
        () -> ec2.rebootInstances(b -> b.instanceIds("i-0123456789abcdef0")));
    ec2Error("InvalidInstanceID.Malformed", () -> ec2.stopInstances(b -> b.instanceIds("web")));
    ec2Error("MissingParameter", () -> ec2.stopInstances(b -> {}));
  }

  @Test
  void dryRunChangesNothing() {
    Instance app = instance(sim, "app-2");
    ec2Error("DryRunOperation", () -> ec2.stopInstances(b -> b.instanceIds(app.id()).dryRun(true)));
    assertThat(app.state()).isEqualTo("running");
  }
}
