package io.ssmflow.workflows.patch;

/** AWS-RunPatchBaseline's {@code RebootOption}. */
public enum RebootOption {
  REBOOT_IF_NEEDED("RebootIfNeeded"),
  NO_REBOOT("NoReboot");

  private final String awsName;

  RebootOption(String awsName) {
    this.awsName = awsName;
  }

  /** The document parameter value. */
  public String awsName() {
    return awsName;
  }

  /** Parses {@code RebootIfNeeded} / {@code NoReboot} (case-insensitive); null when unknown. */
  public static RebootOption parse(String text) {
    for (RebootOption o : values()) {
      if (o.awsName.equalsIgnoreCase(text)) {
        return o;
      }
    }
    return null;
  }
}
