package io.ssmflow.workflows.params;

/** What happened to --remediate. */
public enum RemediationStatus {
  /** --remediate was not given. */
  NOT_REQUESTED,
  /** Nothing flagged can be converted. */
  NOTHING_TO_REMEDIATE,
  /** Approved: the flagged String parameters are SecureString now. */
  APPLIED,
  /** Rejected: nothing changed. */
  REJECTED,
  /** No decision in time: nothing changed. */
  TIMED_OUT
}
