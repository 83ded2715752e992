package io.ssmflow.activities.fleet;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetPage;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
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

  /** EC2's least MaxResults. */
  static final int MIN_PAGE = 5;

  /** DescribeInstanceInformation calls in flight at once (SSM throttles beyond a few). */
  static final int PARALLEL_LOOKUPS = 4;

  static final List<String> PATCH_GROUP_TAGS = List.of("PatchGroup", "Patch Group");

  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final java.util.function.Consumer<String> progress;

  /** Instances per page: {@link #EC2_PAGE} but in tests. */
  private final int pageSize;

  @Inject
  public FleetActivitiesImpl(Ec2Client ec2, SsmClient ssm) {
    this(ec2, ssm, FleetActivitiesImpl::heartbeat, EC2_PAGE);
  }

  private FleetActivitiesImpl(
      Ec2Client ec2, SsmClient ssm, java.util.function.Consumer<String> progress, int pageSize) {
    this.ec2 = requireNonNull(ec2, "ec2 is null");
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.progress = progress;
    this.pageSize = pageSize;
  }

  /** The same lookups outside an activity (the CLI's {@code --plan}): no heartbeats. */
  public static FleetActivitiesImpl outsideActivities(Ec2Client ec2, SsmClient ssm) {
    return new FleetActivitiesImpl(ec2, ssm, details -> {}, EC2_PAGE);
  }

  /** Pages of {@code pageSize} instances (EC2 allows 5 to 1,000), outside activities: tests. */
  static FleetActivitiesImpl withPageSize(Ec2Client ec2, SsmClient ssm, int pageSize) {
    return new FleetActivitiesImpl(ec2, ssm, details -> {}, pageSize);
  }

  @Override
  public ResolvedTargets resolveTargets(TargetSpec targets) {
    requireNonNull(targets, "targets is null");
    Map<String, String> stateById = new TreeMap<>();
    Map<String, String> skipped = new TreeMap<>();
    Map<String, InstanceInformation> agents;
    try (AgentLookups lookups = new AgentLookups(ssm, SSM_FILTER_CHUNK, PARALLEL_LOOKUPS)) {
      // The agents of one page are looked up while the next pages are listed.
      for (Segment segment : segments(targets)) {
        String token = null;
        do {
          token = listPage(segment, token, pageSize, stateById, skipped, lookups);
        } while (token != null);
      }
      agents = lookups.results(progress);
    }
    TargetPage all = classify(stateById, skipped, agents, null);
    log.info(
        "targets {}: {} eligible, {} skipped",
        targets.describe(),
        all.eligible().size(),
        all.skipped().size());
    return new ResolvedTargets(all.eligible(), all.skipped());
  }

  @Override
  public TargetPage resolveTargetsPage(TargetSpec targets, String cursor, int pageSize) {
    requireNonNull(targets, "targets is null");
    List<Segment> segments = segments(targets);
    int at = 0;
    String token = null;
    if (cursor != null) {
      String[] parts = cursor.split(":", 2);
      try {
        at = Integer.parseInt(parts[0]);
      } catch (NumberFormatException e) {
        at = -1;
      }
      if (at < 0 || at >= segments.size()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "not a page cursor of these targets: '" + cursor + "'", "InvalidCursor");
      }
      token = parts.length == 2 && !parts[1].isEmpty() ? parts[1] : null;
    }
    Map<String, String> stateById = new TreeMap<>();
    Map<String, String> skipped = new TreeMap<>();
    Map<String, InstanceInformation> agents;
    String next;
    try (AgentLookups lookups = new AgentLookups(ssm, SSM_FILTER_CHUNK, PARALLEL_LOOKUPS)) {
      next =
          listPage(
              segments.get(at),
              token,
              Math.max(MIN_PAGE, Math.min(this.pageSize, pageSize)),
              stateById,
              skipped,
              lookups);
      agents = lookups.results(progress);
    }
    String cursorOfNext =
        next != null ? at + ":" + next : at + 1 < segments.size() ? (at + 1) + ":" : null;
    TargetPage page = classify(stateById, skipped, agents, cursorOfNext);
    log.info(
        "targets {}, page {}: {} eligible, {} skipped{}",
        targets.describe(),
        cursor == null ? "1" : cursor.length() > 24 ? cursor.substring(0, 24) + "…" : cursor,
        page.eligible().size(),
        page.skipped().size(),
        cursorOfNext == null ? " (last page)" : "");
    return page;
  }

  /**
   * One unit of listing: either the describes of a chunk of explicit ids (one page, ids not found
   * reported), or one tag filter set, paged through EC2's tokens.
   */
  private record Segment(List<List<Filter>> describes, List<String> wanted) {}

  private List<Segment> segments(TargetSpec targets) {
    List<Segment> out = new ArrayList<>();
    if (!targets.instanceIds().isEmpty()) {
      // A filter, not InstanceIds: one unknown id must not fail the whole lookup.
      List<String> wanted = List.copyOf(new LinkedHashSet<>(targets.instanceIds()));
      for (List<String> page : chunks(wanted, pageSize)) {
        List<List<Filter>> describes = new ArrayList<>();
        for (List<String> chunk : chunks(page, EC2_FILTER_CHUNK)) {
          describes.add(List.of(filter("instance-id", chunk)));
        }
        out.add(new Segment(describes, page));
      }
    } else if (targets.patchGroup() != null) {
      // Either tag key names a patch group; an instance tagged with both counts once.
      for (String key : PATCH_GROUP_TAGS) {
        out.add(
            new Segment(
                List.of(List.of(filter("tag:" + key, List.of(targets.patchGroup())))), null));
      }
    } else if (!targets.tags().isEmpty()) {
      List<Filter> filters = new ArrayList<>();
      new TreeMap<>(targets.tags()).forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
      out.add(new Segment(List.of(filters), null));
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "a target spec needs instance ids, tags or a patch group", "InvalidTargets");
    }
    return out;
  }

  /**
   * Lists one page of a segment into {@code stateById} ({@code skipped}: ids not found); running
   * ones go to {@code lookups}. Answers the EC2 token of the segment's next page, or null.
   */
  private String listPage(
      Segment segment,
      String token,
      int ec2Page,
      Map<String, String> stateById,
      Map<String, String> skipped,
      AgentLookups lookups) {
    if (segment.wanted() != null) {
      for (List<Filter> filters : segment.describes()) {
        String t = null;
        do {
          t = describe(filters, t, pageSize, stateById, lookups);
        } while (t != null);
      }
      for (String id : segment.wanted()) {
        if (!stateById.containsKey(id)) {
          skipped.put(id, "not found");
        }
      }
      return null;
    }
    return describe(segment.describes().get(0), token, ec2Page, stateById, lookups);
  }

  /** One DescribeInstances page ({@link #EC2_PAGE}); answers the next page's token, or null. */
  private String describe(
      List<Filter> filters,
      String token,
      int ec2Page,
      Map<String, String> stateById,
      AgentLookups lookups) {
    DescribeInstancesResponse page =
        ec2.describeInstances(
            DescribeInstancesRequest.builder()
                .filters(filters)
                .maxResults(ec2Page)
                .nextToken(token)
                .build());
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
    String next = page.nextToken();
    return next == null || next.isEmpty() ? null : next;
  }

  /** Running instances with an Online agent are eligible; the rest are skipped with the reason. */
  private static TargetPage classify(
      Map<String, String> stateById,
      Map<String, String> skipped,
      Map<String, InstanceInformation> agents,
      String next) {
    List<String> eligible = new ArrayList<>();
    stateById.forEach(
        (id, state) -> {
          if (!"running".equals(state)) {
            skipped.put(id, state);
            return;
          }
          InstanceInformation info = agents.get(id);
          if (info == null) {
            skipped.put(id, "not managed by SSM");
          } else if (info.pingStatus() == PingStatus.ONLINE) {
            eligible.add(id);
          } else {
            skipped.put(id, "SSM agent " + info.pingStatusAsString());
          }
        });
    List<SkippedInstance> skippedList = new ArrayList<>();
    skipped.forEach((id, reason) -> skippedList.add(new SkippedInstance(id, reason)));
    return new TargetPage(eligible, skippedList, next);
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
