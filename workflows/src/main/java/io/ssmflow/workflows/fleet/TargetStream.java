package io.ssmflow.workflows.fleet;

import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.InstanceFeed;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Target resolution page by page, in the background of a workflow (docs/design.md, "Resolving
 * targets"): each page is one {@link FleetActivities#resolveTargetsPage} activity, and its
 * instances are visible as soon as it returns, so a flow can start on the first page while EC2 is
 * still being listed. An instance seen on an earlier page is not added again.
 */
public final class TargetStream implements InstanceFeed {
  /** EC2's largest page. */
  public static final int FULL_PAGE = 1_000;

  private final FleetActivities fleet;
  private final TargetSpec targets;
  private final List<String> eligible = new ArrayList<>();
  private final List<SkippedInstance> skipped = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private boolean complete;
  private TemporalFailure error;
  private int pages;

  /** Instances of the first EC2 page: at most what the flow starts at once. */
  private final int firstPage;

  private TargetStream(FleetActivities fleet, TargetSpec targets, int firstPage) {
    this.fleet = fleet;
    this.targets = targets;
    this.firstPage = firstPage;
  }

  /**
   * Starts resolving {@code targets} page by page (from workflow code).
   *
   * @param firstPage the most instances of the first EC2 page (a flow that starts on the first page
   *     asks for about as many as it runs at once, so that it starts sooner); later pages are full
   */
  public static TargetStream start(FleetActivities fleet, TargetSpec targets, int firstPage) {
    TargetStream stream = new TargetStream(fleet, targets, firstPage);
    Async.procedure(stream::resolve);
    return stream;
  }

  private void resolve() {
    String cursor = null;
    try {
      do {
        TargetPage page =
            fleet.resolveTargetsPage(targets, cursor, pages == 0 ? firstPage : FULL_PAGE);
        pages++;
        for (String id : page.eligible()) {
          if (seen.add(id)) {
            eligible.add(id);
          }
        }
        for (SkippedInstance s : page.skipped()) {
          if (seen.add(s.instanceId())) {
            skipped.add(s);
          }
        }
        cursor = page.next();
      } while (cursor != null);
    } catch (ActivityFailure e) {
      error = e;
    } finally {
      complete = true;
    }
  }

  /** Blocks until every page is in, or throws the failure that ended resolution. */
  public void awaitAll() {
    Workflow.await(() -> complete);
    if (error != null) {
      throw error;
    }
  }

  /** Blocks until an eligible instance is known or resolution ended (then throws its failure). */
  public void awaitFirst() {
    Workflow.await(() -> complete || !eligible.isEmpty());
    if (eligible.isEmpty() && error != null) {
      throw error;
    }
  }

  /** Eligible instances so far, in the order the pages gave them (a live view). */
  @Override
  public List<String> ids() {
    return Collections.unmodifiableList(eligible);
  }

  /** Matched instances that are not eligible so far, each with the reason (a live view). */
  public List<SkippedInstance> skipped() {
    return Collections.unmodifiableList(skipped);
  }

  @Override
  public boolean complete() {
    return complete;
  }

  @Override
  public String failure() {
    if (error == null) {
      return null;
    }
    return "target resolution failed after "
        + pages
        + " page"
        + (pages == 1 ? "" : "s")
        + ": "
        + Failures.message(error);
  }

  /** Every eligible instance sorted by id, once resolution is complete. */
  public List<String> sortedEligible() {
    List<String> out = new ArrayList<>(eligible);
    Collections.sort(out);
    return out;
  }
}
