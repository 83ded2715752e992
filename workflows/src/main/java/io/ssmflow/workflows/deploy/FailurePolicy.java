package io.ssmflow.workflows.deploy;

/** What a deployment does when errors exceed MaxErrors, the canary fails, or it is cancelled. */
public enum FailurePolicy {
  /** Roll back every instance that was changed (succeeded ones too): all return to before. */
  ROLLBACK_ALL,
  /** Roll back only the instances that failed (each failed instance is rolled back anyway). */
  ROLLBACK_FAILED,
  /** Stop launching; leave succeeded instances on the new version. */
  STOP;

  /** Parses the CLI form: rollback-all, rollback-failed, stop. */
  public static FailurePolicy parse(String text) {
    return switch (text == null ? "" : text.trim().toLowerCase()) {
      case "rollback-all" -> ROLLBACK_ALL;
      case "rollback-failed" -> ROLLBACK_FAILED;
      case "stop" -> STOP;
      default ->
          throw new IllegalArgumentException(
              "failure-policy must be rollback-all, rollback-failed or stop, not '" + text + "'");
    };
  }

  public String cliName() {
    return name().toLowerCase().replace('_', '-');
  }
}
