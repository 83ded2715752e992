package io.ssmflow.workflows.params;

/**
 * The planned change of one parameter: the outcome of comparing the wanted value with the stored
 * one, done inside the activity (a SecureString is decrypted there). Carries no value, so it may
 * travel through history, results and logs.
 *
 * @param name the full parameter name
 * @param kind add, change or unchanged
 * @param type the type the push writes
 * @param currentVersion the stored version compared with (null for ADD)
 * @param currentType the stored type (null for ADD)
 */
public record ParameterChange(
    String name,
    ChangeKind kind,
    ParameterKind type,
    Long currentVersion,
    ParameterKind currentType) {

  public boolean writes() {
    return kind != ChangeKind.UNCHANGED;
  }
}
