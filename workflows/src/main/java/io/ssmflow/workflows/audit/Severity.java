package io.ssmflow.workflows.audit;

/** How urgent a finding is. Order matters: HIGH first in reports. */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW
}
