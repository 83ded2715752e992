package io.ssmflow.activities.fleet;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.PingStatus;

/**
 * Resolves targets with EC2 DescribeInstances (which instances match and run) and SSM
 * DescribeInstanceInformation (whose agent is Online).
 */
public final class FleetActivitiesImpl implements FleetActivities {
  private static final Logger log = LoggerFactory.getLogger(FleetActivitiesImpl.class);

  /** Values per EC2 filter: EC2 caps filter values at 200; stay well below. */
  static final int EC2_FILTER_CHUNK = 100;

  /** Instance ids per DescribeInstanceInformation filter. */
  static final int SSM_FILTER_CHUNK = 50;

  /** Instances per DescribeInstances page (EC2's most). */
  static final int EC2_PAGE = 1_000;

  /** DescribeInstanceInformation calls in flight at once (SSM throttles beyond a few). */
  static final int PARALLEL_LOOKUPS = 4;

  static final List<String> PATCH_GROUP_TAGS = List.of("PatchGroup", "Patch Group");

  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final java.util.function.Consumer<String> progress;

  @Inject
  public FleetActivitiesImpl(Ec2Client ec2, SsmClient ssm) {
    this.ec2 = requireNonNull(ec2, "ec2 is null");
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.progress = FleetActivitiesImpl::heartbeat;
  }

  private FleetActivitiesImpl(
      Ec2Client ec2, SsmClient ssm, java.util.function.Consumer<String> progress) {
    this.ec2 = requireNonNull(ec2, "ec2 is null");
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.progress = progress;
  }

  /** The same lookups outside an activity (the CLI's {@code --plan}): no heartbeats. */
  public static FleetActivitiesImpl outsideActivities(Ec2Client ec2, SsmClient ssm) {
    return new FleetActivitiesImpl(ec2, ssm, details -> {});
  }

  @Override
  public ResolvedTargets resolveTargets(TargetSpec targets) {
    requireNonNull(targets, "targets is null");
    Map<String, String> stateById = new TreeMap<>();
    Map<String, String> skipped = new TreeMap<>();
    Map<String, InstanceInformation> agents;
    try (AgentLookups lookups = new AgentLookups(ssm, SSM_FILTER_CHUNK, PARALLEL_LOOKUPS)) {
      list(targets, stateById, skipped, lookups);
      agents = lookups.results(progress);
    }

    List<String> running = new ArrayList<>();
    stateById.forEach(
        (id, state) -> {
          if ("running".equals(state)) {
            running.add(id);
          } else {
            skipped.put(id, state);
          }
        });

    List<String> eligible = new ArrayList<>();
    for (String id : running) {
      InstanceInformation info = agents.get(id);
      if (info == null) {
        skipped.put(id, "not managed by SSM");
      } else if (info.pingStatus() == PingStatus.ONLINE) {
        eligible.add(id);
      } else {
        skipped.put(id, "SSM agent " + info.pingStatusAsString());
      }
    }
    List<SkippedInstance> skippedList = new ArrayList<>();
    skipped.forEach((id, reason) -> skippedList.add(new SkippedInstance(id, reason)));
    log.info(
        "targets {}: {} eligible, {} skipped",
        targets.describe(),
        eligible.size(),
        skippedList.size());
    return new ResolvedTargets(eligible, skippedList);
  }

  /**
   * Lists the targets in EC2 into {@code stateById} ({@code skipped}: ids not found); the agents of
   * running ones are looked up meanwhile.
   */
  private void list(
      TargetSpec targets,
      Map<String, String> stateById,
      Map<String, String> skipped,
      AgentLookups lookups) {
    if (!targets.instanceIds().isEmpty()) {
      Set<String> wanted = new LinkedHashSet<>(targets.instanceIds());
      // A filter, not InstanceIds: one unknown id must not fail the whole lookup.
      for (List<String> chunk : chunks(List.copyOf(wanted), EC2_FILTER_CHUNK)) {
        describe(List.of(filter("instance-id", chunk)), stateById, lookups);
      }
      for (String id : wanted) {
        if (!stateById.containsKey(id)) {
          skipped.put(id, "not found");
        }
      }
    } else if (targets.patchGroup() != null) {
      // Either tag key names a patch group; an instance tagged with both counts once.
      for (String key : PATCH_GROUP_TAGS) {
        describe(List.of(filter("tag:" + key, List.of(targets.patchGroup()))), stateById, lookups);
      }
    } else if (!targets.tags().isEmpty()) {
      List<Filter> filters = new ArrayList<>();
      new TreeMap<>(targets.tags()).forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
      describe(filters, stateById, lookups);
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "a target spec needs instance ids, tags or a patch group", "InvalidTargets");
    }
  }

  /** Lists matching instances, {@link #EC2_PAGE} a page; running ones go to {@code lookups}. */
  private void describe(List<Filter> filters, Map<String, String> stateById, AgentLookups lookups) {
    DescribeInstancesRequest request =
        DescribeInstancesRequest.builder().filters(filters).maxResults(EC2_PAGE).build();
    for (var page : ec2.describeInstancesPaginator(request)) {
      for (Reservation reservation : page.reservations()) {
        for (Instance instance : reservation.instances()) {
          String state = instance.state() == null ? "unknown" : instance.state().nameAsString();
          stateById.put(instance.instanceId(), state);
          if ("running".equals(state)) {
            lookups.offer(instance.instanceId());
          }
        }
      }
      progress.accept("instances " + stateById.size());
    }
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }

  private static void heartbeat(String details) {
    Activity.getExecutionContext().heartbeat(details);
  }
}
