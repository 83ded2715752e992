package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Resolves SendCommand's InstanceIds or Targets to instances of the fleet. */
final class TargetResolver {
  private TargetResolver() {}

  /**
   * The instances a request addresses, in fleet order for Targets and request order for
   * InstanceIds. Unknown or malformed instance ids fail the whole request with InvalidInstanceId,
   * as SSM does; Targets that match nothing give an empty list.
   */
  static List<Instance> resolve(Fleet fleet, SendCommandInput in) {
    if (!in.viaTargets()) {
      List<Instance> out = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      for (String id : in.instanceIds()) {
        Instance i =
            SendCommandInput.INSTANCE_ID.matcher(id).matches()
                ? fleet.instance(id).orElse(null)
                : null;
        if (i == null) {
          bad.add(id);
        } else {
          out.add(i);
        }
      }
      if (!bad.isEmpty()) {
        throw new AwsException(
            "InvalidInstanceId",
            "Instances " + bad + " not in a valid state for account " + RequestContext.ACCOUNT_ID);
      }
      return out;
    }
    List<Predicate<Instance>> all = new ArrayList<>();
    for (SendCommandInput.Target t : in.targets()) {
      all.add(predicate(t));
    }
    List<Instance> out = new ArrayList<>();
    for (Instance i : fleet.instances()) {
      if (all.stream().allMatch(p -> p.test(i))) {
        out.add(i);
      }
    }
    return out;
  }

  private static Predicate<Instance> predicate(SendCommandInput.Target t) {
    String key = t.key();
    Set<String> values = new HashSet<>(t.values());
    if (key.startsWith("tag:")) {
      String tag = key.substring(4);
      if (tag.isEmpty()) {
        throw AwsException.validation("Target key 'tag:' needs a tag name, e.g. tag:Environment");
      }
      requireValues(t);
      return i -> values.contains(i.tags().get(tag));
    }
    switch (key.toLowerCase(Locale.ROOT)) {
      case "tag-key" -> {
        requireValues(t);
        return i -> {
          Map<String, String> tags = i.tags();
          return values.stream().anyMatch(tags::containsKey);
        };
      }
      case "instanceids" -> {
        requireValues(t);
        return i -> values.contains(i.id());
      }
      default ->
          throw AwsException.validation(
              "Target key '"
                  + key
                  + "' is not supported;"
                  + " use tag:<name>, tag-key or InstanceIds (resource groups are not simulated).");
    }
  }

  private static void requireValues(SendCommandInput.Target t) {
    if (t.values().isEmpty()) {
      throw AwsException.validation("Target '" + t.key() + "' needs at least one value.");
    }
  }
}
