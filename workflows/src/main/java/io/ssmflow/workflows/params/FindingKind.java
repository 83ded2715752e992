package io.ssmflow.workflows.params;

/** What the parameter audit flags, with its severity. */
public enum FindingKind {
  /** A name that looks sensitive (password, token, ...) stored as String or StringList. */
  SENSITIVE_NOT_ENCRYPTED(Severity.HIGH),
  /** Not a SecureString under /security/, /compliance/ or /audit/. */
  UNENCRYPTED_PROTECTED_PATH(Severity.HIGH),
  /** A SecureString on the AWS managed default key alias/aws/ssm, not a customer key. */
  DEFAULT_KMS_KEY(Severity.MEDIUM),
  /** Unchanged for more than the stale limit. */
  STALE(Severity.LOW);

  private final Severity severity;

  FindingKind(Severity severity) {
    this.severity = severity;
  }

  public Severity severity() {
    return severity;
  }

  /** Finding severities. */
  public enum Severity {
    HIGH,
    MEDIUM,
    LOW
  }
}
