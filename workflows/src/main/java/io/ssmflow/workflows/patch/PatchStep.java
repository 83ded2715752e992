package io.ssmflow.workflows.patch;

/** The passes of a patch run, each one fleet-run pass; the label names its steps and children. */
enum PatchStep {
  HEALTH("health-check"),
  SCAN("scan"),
  SNAPSHOT("snapshot"),
  INSTALL("install"),
  VALIDATE("validate"),
  REVALIDATE("revalidate"),
  /** An alarm stopped the run: the patched instances go back to their restore points. */
  RESTORE("restore");

  final String label;

  PatchStep(String label) {
    this.label = label;
  }
}
