package io.ssmflow.workflows.params;

import java.util.List;

/**
 * A config push, validated by the CLI ({@link ConfigRules}) before the workflow starts. Secure
 * values do not travel in it: the CLI stages them in Parameter Store and the entries carry {@link
 * StagedValue} references (names and versions); other values are inline. The result, queries and
 * logs never carry values.
 *
 * @param app application name (first path level)
 * @param environment environment name (second path level)
 * @param entries the parameters under {@code /APP/ENV/}
 * @param restart restart the application on its tagged instances after a change
 * @param restartMaxConcurrency MaxConcurrency of that restart (e.g. 25%)
 */
public record ConfigPushRequest(
    String app,
    String environment,
    List<ConfigEntry> entries,
    boolean restart,
    String restartMaxConcurrency) {
  public ConfigPushRequest {
    entries = List.copyOf(entries);
  }

  /** The staging parameters of the staged entries, in entry order. */
  public List<String> stagedNames() {
    return entries.stream().filter(ConfigEntry::fromStaging).map(e -> e.staged().name()).toList();
  }

  /** The same request with these entries. */
  public ConfigPushRequest withEntries(List<ConfigEntry> replaced) {
    return new ConfigPushRequest(app, environment, replaced, restart, restartMaxConcurrency);
  }

  @Override
  public String toString() {
    return "ConfigPushRequest["
        + app
        + "/"
        + environment
        + ", "
        + entries.size()
        + " entries, restart="
        + restart
        + "]";
  }
}
