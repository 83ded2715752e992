package io.ssmflow.workflows.fleetrun;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A minimal flow that runs one pass of the engine, for the engine's own tests. */
@WorkflowInterface
public interface EngineHost {
  @WorkflowMethod
  FleetRun.Result run(FleetRunSpec spec);

  @SignalMethod
  void pause();

  @SignalMethod
  void resume();

  @QueryMethod
  RunCounts counts();

  /** The host's implementation: the engine and nothing else. */
  class Impl implements EngineHost {
    private FleetRun runs;

    @Override
    public FleetRun.Result run(FleetRunSpec spec) {
      runs = new FleetRun();
      return runs.run(spec);
    }

    @Override
    public void pause() {
      runs.pause();
    }

    @Override
    public void resume() {
      runs.resume();
    }

    @Override
    public RunCounts counts() {
      return runs == null ? null : runs.counts();
    }
  }
}
