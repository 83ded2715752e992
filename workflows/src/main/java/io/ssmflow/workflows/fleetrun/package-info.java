/**
 * The fleet-run engine: one sequence of steps run on many instances under SSM's MaxConcurrency and
 * MaxErrors, with a compensation for the instances that fail (docs/design.md, "The fleet-run
 * engine"). Deploy, patch and audit are plans run through it.
 *
 * <p>{@link io.ssmflow.workflows.fleetrun.FleetRun} lives in the flow's workflow and owns the
 * launch window (every launch decision, the exact MaxErrors count, the cutoff, pause and stop);
 * {@link io.ssmflow.workflows.fleetrun.FleetRunWorkflow} children (slices of at most a few hundred
 * instances) own the per-instance step machines, batch the instances ready for the same step into
 * one SendCommand, and report finished instances back. A slice launches only what the parent
 * granted it, so the window and the error budget live in one place whatever the fleet size.
 */
package io.ssmflow.workflows.fleetrun;
