package io.ssmflow.cli;

/** {@code --output text|json}. */
public enum OutputFormat {
  text,
  json
}
