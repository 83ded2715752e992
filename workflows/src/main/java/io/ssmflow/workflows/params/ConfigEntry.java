package io.ssmflow.workflows.params;

import static java.util.Objects.requireNonNull;

/**
 * One parameter of a config push: its value given inline, or (for a secure entry started by the
 * CLI) a reference to where the CLI staged it, so that the value stays out of the workflow's input.
 * {@link #toString()} never shows the value, so an entry that reaches a log line or an exception
 * message leaks nothing.
 *
 * @param name the full parameter name, e.g. {@code /shop/prod/db/host}
 * @param value the value to store (a secret when {@code secure}); null when {@code staged}
 * @param type String, StringList or SecureString
 * @param staged where a secure value waits (null: the value is inline)
 */
public record ConfigEntry(String name, String value, ParameterKind type, StagedValue staged) {
  public ConfigEntry {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if ((value == null) == (staged == null)) {
      throw new IllegalArgumentException(
          name + ": an entry has either a value or a staged" + " value");
    }
    if (staged != null && type != ParameterKind.SECURE_STRING) {
      throw new IllegalArgumentException(name + ": only a SecureString is staged");
    }
  }

  /** An entry with its value inline. */
  public ConfigEntry(String name, String value, ParameterKind type) {
    this(name, requireNonNull(value, "value is null"), type, null);
  }

  /** This secure entry without its value: the value waits at {@code where}. */
  public ConfigEntry stagedAt(StagedValue where) {
    return new ConfigEntry(name, null, type, where);
  }

  /** The same entry with the value read back from its staging place. */
  public ConfigEntry withValue(String resolved) {
    return new ConfigEntry(name, resolved, type);
  }

  public boolean secure() {
    return type == ParameterKind.SECURE_STRING;
  }

  public boolean fromStaging() {
    return staged != null;
  }

  /** The value as it may be shown: {@code ****} for a secure entry. */
  public String shownValue() {
    return secure() ? ParameterKind.MASK : value;
  }

  @Override
  public String toString() {
    return name
        + " ("
        + type.awsName()
        + ", "
        + (secure() ? "value masked" : value.length() + " chars")
        + ")";
  }
}
