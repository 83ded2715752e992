package io.ssmflow.workflows.patch;

/** AWS-RunPatchBaseline's {@code Operation}. */
public enum PatchOperation {
  /** Report missing patches; change nothing, take no snapshot. */
  SCAN("Scan"),
  /** Health check, snapshot, install, validate, roll back failures from the snapshot. */
  INSTALL("Install");

  private final String awsName;

  PatchOperation(String awsName) {
    this.awsName = awsName;
  }

  /** The document parameter value ({@code Scan} or {@code Install}). */
  public String awsName() {
    return awsName;
  }

  /** Parses {@code Scan} / {@code Install} (case-insensitive); null when unknown. */
  public static PatchOperation parse(String text) {
    for (PatchOperation o : values()) {
      if (o.awsName.equalsIgnoreCase(text)) {
        return o;
      }
    }
    return null;
  }
}
