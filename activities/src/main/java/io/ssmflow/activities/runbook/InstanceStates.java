package io.ssmflow.activities.runbook;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.runbook.InstanceStateChange;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * aws:changeInstanceState on EC2: stop or start the instances not in the desired state yet (nothing
 * in check-only mode), then wait until every one is. Starting and stopping are idempotent in EC2,
 * so a retried activity does no harm.
 */
final class InstanceStates {
  private final Ec2Client ec2;

  InstanceStates(Ec2Client ec2) {
    this.ec2 = requireNonNull(ec2, "ec2 is null");
  }

  List<String> change(InstanceStateChange c) {
    Map<String, String> states = states(c.instanceIds());
    List<String> todo =
        c.instanceIds().stream().filter(id -> !c.desiredState().equals(states.get(id))).toList();
    if (!c.checkStateOnly() && !todo.isEmpty()) {
      if (c.desiredState().equals("stopped")) {
        ec2.stopInstances(b -> b.instanceIds(todo).force(c.force()));
      } else {
        ec2.startInstances(b -> b.instanceIds(todo));
      }
    }
    Map<String, String> last = new HashMap<>(states);
    boolean reached =
        Waits.until(
            Duration.ofSeconds(c.timeoutSeconds()),
            () -> {
              last.putAll(states(c.instanceIds()));
              return c.instanceIds().stream().allMatch(id -> c.desiredState().equals(last.get(id)));
            },
            "waiting for " + c.instanceIds().size() + " instance(s) to be " + c.desiredState());
    if (!reached) {
      List<String> off =
          c.instanceIds().stream()
              .filter(id -> !c.desiredState().equals(last.get(id)))
              .map(id -> id + " is " + last.get(id))
              .toList();
      throw ApplicationFailure.newNonRetryableFailure(
          "instances did not reach "
              + c.desiredState()
              + " within "
              + c.timeoutSeconds()
              + " s: "
              + String.join(", ", off),
          RunbookActivities.STATE_TIMED_OUT);
    }
    List<String> out = new ArrayList<>();
    for (String id : c.instanceIds()) {
      out.add(last.get(id));
    }
    return out;
  }

  private Map<String, String> states(List<String> ids) {
    Map<String, String> out = new HashMap<>();
    for (Reservation r : ec2.describeInstances(b -> b.instanceIds(ids)).reservations()) {
      for (Instance i : r.instances()) {
        out.put(i.instanceId(), i.state().nameAsString());
      }
    }
    for (String id : ids) {
      if (!out.containsKey(id)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "instance " + id + " not found", "InvalidInstanceID.NotFound");
      }
    }
    return out;
  }
}
