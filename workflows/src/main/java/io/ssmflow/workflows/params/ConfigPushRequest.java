package io.ssmflow.workflows.params;

import java.util.List;

/**
 * A config push, validated by the CLI ({@link ConfigRules}) before the workflow starts. The
 * values travel in this input, so the payload codec must be on for secure entries (the result,
 * queries and logs never carry values).
 *
 * @param app application name (first path level)
 * @param environment environment name (second path level)
 * @param entries the parameters under {@code /APP/ENV/}
 * @param restart restart the application on its tagged instances after a change
 * @param restartMaxConcurrency MaxConcurrency of that restart (e.g. 25%)
 */
public record ConfigPushRequest(
    String app, String environment, List<ConfigEntry> entries, boolean restart,
    String restartMaxConcurrency) {
  public ConfigPushRequest {
    entries = List.copyOf(entries);
  }

  @Override
  public String toString() {
    return "ConfigPushRequest[" + app + "/" + environment + ", " + entries.size()
        + " entries, restart=" + restart + "]";
  }
}
