package io.ssmflow.activities.command;

/**
 * What a send does when SSM refuses its batch because of some instances (InvalidInstanceId): in
 * every case the offending instances are found and the rest is sent again.
 */
public enum Refusals {
  /**
   * Instances that SSM may yet accept apart from the batch (a not-Online agent; a half found by
   * bisection) are sent in commands of their own: a send may answer several commands.
   */
  RESEND_IN_PARTS,
  /**
   * A send answers at most one command: instances that would need a command of their own are
   * rejected with the reason instead (for callers that track one command per batch).
   */
  ONE_COMMAND
}
