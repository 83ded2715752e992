package io.ssmflow.workflows.params;

/** What a push does to one parameter. */
public enum ChangeKind {
  /** The parameter does not exist yet: created (tagged). */
  ADD,
  /** The value or type differs: a new version is written. */
  CHANGE,
  /** Same type and value: nothing is written. */
  UNCHANGED
}
