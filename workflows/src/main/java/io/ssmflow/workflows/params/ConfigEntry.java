package io.ssmflow.workflows.params;

import static java.util.Objects.requireNonNull;

/**
 * One parameter of a config push. {@link #toString()} never shows the value, so an entry that
 * reaches a log line or an exception message leaks nothing.
 *
 * @param name the full parameter name, e.g. {@code /shop/prod/db/host}
 * @param value the value to store (a secret when {@code secure})
 * @param type String, StringList or SecureString
 */
public record ConfigEntry(String name, String value, ParameterKind type) {
  public ConfigEntry {
    requireNonNull(name, "name is null");
    requireNonNull(value, "value is null");
    requireNonNull(type, "type is null");
  }

  public boolean secure() {
    return type == ParameterKind.SECURE_STRING;
  }

  /** The value as it may be shown: {@code ****} for a secure entry. */
  public String shownValue() {
    return secure() ? ParameterKind.MASK : value;
  }

  @Override
  public String toString() {
    return name + " (" + type.awsName() + ", " + (secure() ? "value masked"
        : value.length() + " chars") + ")";
  }
}
