package io.ssmflow.workflows.alarm;

/** How an alarm in INSUFFICIENT_DATA counts ({@code --alarm-missing-data}). */
public enum MissingData {
  /** As OK (CodeDeploy's default). */
  IGNORE,
  /** As ALARM: the run stops. */
  FAIL;

  /** Parses the CLI form: ignore, fail. */
  public static MissingData parse(String text) {
    return switch (text == null ? "" : text.trim().toLowerCase()) {
      case "ignore" -> IGNORE;
      case "fail" -> FAIL;
      default ->
          throw new IllegalArgumentException(
              "alarm-missing-data must be ignore or fail, not '" + text + "'");
    };
  }

  public String cliName() {
    return name().toLowerCase();
  }
}
