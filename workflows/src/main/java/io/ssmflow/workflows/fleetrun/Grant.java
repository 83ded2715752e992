package io.ssmflow.workflows.fleetrun;

/**
 * Slots of the launch window the parent gives a slice. The slice keeps them: each time one of its
 * instances ends it launches its next one in the freed slot, until it has no more to launch, and
 * then gives the slot back.
 *
 * @param slots how many more slots
 * @param otherErrors the errors the parent knows of in the run's other slices (with the slice's
 *     own, the count it checks against MaxErrors before each launch)
 */
public record Grant(int slots, int otherErrors) {}
