package io.ssmflow.workflows.fleetrun;

/** What one step of a plan does on an instance. */
public enum StepKind {
  /** AWS-RunShellScript with the step's commands. */
  SHELL,
  /** AWS-RunPatchBaseline with the step's operation and reboot option. */
  PATCH_BASELINE,
  /** EBS snapshots of every volume, waited to completed: the instance's restore point. */
  SNAPSHOT,
  /** The root volume replaced from the restore point taken by a SNAPSHOT step. */
  RESTORE;

  /** Whether the step is an SSM command (sent in batches of at most 50 instances). */
  public boolean isCommand() {
    return this == SHELL || this == PATCH_BASELINE;
  }
}
