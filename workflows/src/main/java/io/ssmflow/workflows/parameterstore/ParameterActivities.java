package io.ssmflow.workflows.parameterstore;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** Parameter Store reads and writes of plain (non-secret) values such as versions. */
@ActivityInterface
public interface ParameterActivities {
  /**
   * The value of a String parameter, or null when it does not exist.
   *
   * @param name the full parameter name, e.g. {@code /shop/staging/current-version}
   */
  @ActivityMethod
  String getString(String name);

  /**
   * Writes String parameters (overwriting), tagged ManagedBy=ssmflow plus the given tags on
   * creation; answers the new version of each.
   *
   * @param values parameter name to value
   * @param tags tags for newly created parameters
   */
  @ActivityMethod
  Map<String, Long> putStrings(Map<String, String> values, Map<String, String> tags);
}
