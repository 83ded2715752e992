package io.ssmflow.workflows.fleetrun;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/** A minimal flow that runs one pass whose instances arrive by signal, for the feed's tests. */
@WorkflowInterface
public interface FeedHost {
  @WorkflowMethod
  FleetRun.Result run(FleetRunSpec spec);

  /** More instances for the pass. */
  @SignalMethod
  void add(List<String> ids);

  /** No more instances; {@code failure} is null, or why the feed ended early. */
  @SignalMethod
  void end(String failure);

  /** The host's implementation: the engine fed by the signals. */
  class Impl implements FeedHost, InstanceFeed {
    private final List<String> ids = new ArrayList<>();
    private boolean complete;
    private String failure;

    @Override
    public FleetRun.Result run(FleetRunSpec spec) {
      ids.addAll(0, spec.instanceIds());
      return new FleetRun().run(spec, this);
    }

    @Override
    public void add(List<String> more) {
      ids.addAll(more);
    }

    @Override
    public void end(String why) {
      failure = why;
      complete = true;
    }

    @Override
    public List<String> ids() {
      return ids;
    }

    @Override
    public boolean complete() {
      return complete;
    }

    @Override
    public String failure() {
      return failure;
    }
  }
}
