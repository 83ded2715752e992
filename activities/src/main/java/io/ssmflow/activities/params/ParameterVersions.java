package io.ssmflow.activities.params;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * A parameter's kept versions (GetParameterHistory, all pages), oldest first. Used by restores and
 * by the CLI's {@code params history} and rollback checks.
 */
public final class ParameterVersions {
  private ParameterVersions() {}

  /**
   * Every kept version, oldest first.
   *
   * @throws ApplicationFailure of type VersionNotFound (not retried) when the parameter does not
   *     exist
   */
  public static List<ParameterHistory> history(SsmClient ssm, String name, boolean decrypt) {
    try {
      List<ParameterHistory> all =
          ssm
              .getParameterHistoryPaginator(
                  b -> b.name(name).withDecryption(decrypt).maxResults(50))
              .stream()
              .flatMap(page -> page.parameters().stream())
              .toList();
      if (all.isEmpty()) {
        throw notFound(name);
      }
      return all;
    } catch (ParameterNotFoundException e) {
      throw notFound(name);
    }
  }

  static String missingMessage(String name, long version, List<ParameterHistory> versions) {
    return name
        + " has no version "
        + version
        + " (versions kept: "
        + versions.get(0).version()
        + " to "
        + versions.get(versions.size() - 1).version()
        + ")";
  }

  private static ApplicationFailure notFound(String name) {
    return ApplicationFailure.newNonRetryableFailure(
        "parameter " + name + " does not exist", "VersionNotFound");
  }
}
