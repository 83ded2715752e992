package io.ssmflow.workflows.params;

import static java.util.Objects.requireNonNull;

/**
 * Where the CLI put a secure value before starting a push: a SecureString parameter under {@link
 * ConfigRules#STAGING_ROOT}, at one version. The push's activities read it from there (decrypted
 * inside the activity) and the workflow deletes it once the push has written; so a secure value
 * never travels in a workflow input, result or history, only this reference.
 *
 * @param name the staging parameter, e.g. {@code /_ssmflow/staging/PUSH_ID/3}
 * @param version the version the CLI wrote
 */
public record StagedValue(String name, long version) {
  public StagedValue {
    requireNonNull(name, "name is null");
  }

  /** {@code name:version}, the selector GetParameter(s) takes. */
  public String selector() {
    return name + ":" + version;
  }
}
