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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
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
    if (!targets.instanceIds().isEmpty()) {
      Set<String> wanted = new LinkedHashSet<>(targets.instanceIds());
      // A filter, not InstanceIds: one unknown id must not fail the whole lookup.
      for (List<String> chunk : chunks(List.copyOf(wanted), EC2_FILTER_CHUNK)) {
        describe(List.of(filter("instance-id", chunk)), stateById);
      }
      for (String id : wanted) {
        if (!stateById.containsKey(id)) {
          skipped.put(id, "not found");
        }
      }
    } else if (targets.patchGroup() != null) {
      // Either tag key names a patch group; an instance tagged with both counts once.
      for (String key : PATCH_GROUP_TAGS) {
        describe(List.of(filter("tag:" + key, List.of(targets.patchGroup()))), stateById);
      }
    } else if (!targets.tags().isEmpty()) {
      List<Filter> filters = new ArrayList<>();
      new TreeMap<>(targets.tags()).forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
      describe(filters, stateById);
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "a target spec needs instance ids, tags or a patch group", "InvalidTargets");
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

    Map<String, InstanceInformation> agents = agents(running);

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
   * The agents of these instances, {@link #SSM_FILTER_CHUNK} a call, {@link #PARALLEL_LOOKUPS}
   * calls at a time (the chunks are independent; one after the other, 10,000 instances took 200
   * round trips in a row). Progress is reported from the calling thread, the activity's.
   */
  private Map<String, InstanceInformation> agents(List<String> running) {
    Map<String, InstanceInformation> agents = new TreeMap<>();
    List<List<String>> chunks = chunks(running, SSM_FILTER_CHUNK);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(PARALLEL_LOOKUPS, chunks.size())),
            r -> {
              Thread t = new Thread(r, "ssmflow-agent-lookup");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<List<InstanceInformation>>> pages = new ArrayList<>();
      for (List<String> chunk : chunks) {
        pages.add(pool.submit(() -> agentsOf(chunk)));
      }
      for (Future<List<InstanceInformation>> page : pages) {
        for (InstanceInformation info : page.get()) {
          agents.put(info.instanceId(), info);
        }
        progress.accept("agents " + agents.size() + "/" + running.size());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading SSM agents", e);
    } finally {
      pool.shutdownNow();
    }
    return agents;
  }

  private List<InstanceInformation> agentsOf(List<String> chunk) {
    DescribeInstanceInformationRequest request =
        DescribeInstanceInformationRequest.builder()
            .filters(
                InstanceInformationStringFilter.builder().key("InstanceIds").values(chunk).build())
            .maxResults(SSM_FILTER_CHUNK) // one page per chunk (SSM's default page is 10)
            .build();
    List<InstanceInformation> out = new ArrayList<>();
    for (var page : ssm.describeInstanceInformationPaginator(request)) {
      out.addAll(page.instanceInformationList());
    }
    return out;
  }

  private void describe(List<Filter> filters, Map<String, String> stateById) {
    DescribeInstancesRequest request = DescribeInstancesRequest.builder().filters(filters).build();
    for (var page : ec2.describeInstancesPaginator(request)) {
      for (Reservation reservation : page.reservations()) {
        for (Instance instance : reservation.instances()) {
          stateById.put(
              instance.instanceId(),
              instance.state() == null ? "unknown" : instance.state().nameAsString());
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
