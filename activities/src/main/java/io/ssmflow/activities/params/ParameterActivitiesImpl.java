package io.ssmflow.activities.params;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.temporal.activity.Activity;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Parameter Store reads and writes of plain String parameters. Values are never logged. Writes are
 * idempotent: a retry that finds the value already stored answers its version instead of adding a
 * new one.
 */
public final class ParameterActivitiesImpl implements ParameterActivities {
  private static final Logger log = LoggerFactory.getLogger(ParameterActivitiesImpl.class);

  static final String MANAGED_BY_KEY = "ManagedBy";
  static final String MANAGED_BY_VALUE = "ssmflow";

  private final SsmClient ssm;

  @Inject
  public ParameterActivitiesImpl(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  @Override
  public String getString(String name) {
    requireNonNull(name, "name is null");
    try {
      return ssm.getParameter(b -> b.name(name).withDecryption(false)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return null;
    }
  }

  @Override
  public Map<String, Long> putStrings(Map<String, String> values, Map<String, String> tags) {
    requireNonNull(values, "values is null");
    List<Tag> creationTags = new ArrayList<>();
    creationTags.add(Tag.builder().key(MANAGED_BY_KEY).value(MANAGED_BY_VALUE).build());
    if (tags != null) {
      new TreeMap<>(tags)
          .forEach(
              (k, v) -> {
                if (!MANAGED_BY_KEY.equals(k)) {
                  creationTags.add(Tag.builder().key(k).value(v).build());
                }
              });
    }
    Map<String, Long> versions = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      versions.put(
          e.getKey(), put(e.getKey(), requireNonNull(e.getValue(), "value is null"), creationTags));
      Activity.getExecutionContext().heartbeat(versions.size() + "/" + values.size());
    }
    return versions;
  }

  /**
   * Creates with tags, or (AWS rejects Tags together with Overwrite) overwrites an existing
   * parameter, keeping its tags.
   */
  private long put(String name, String value, List<Tag> creationTags) {
    try {
      long version =
          ssm.putParameter(
                  b ->
                      b.name(name)
                          .value(value)
                          .type(ParameterType.STRING)
                          .overwrite(false)
                          .tags(creationTags))
              .version();
      log.info("created parameter {} (version {})", name, version);
      return version;
    } catch (ParameterAlreadyExistsException exists) {
      GetParameterResponse current = ssm.getParameter(b -> b.name(name).withDecryption(false));
      if (value.equals(current.parameter().value())) {
        return current.parameter().version();
      }
      long version =
          ssm.putParameter(
                  b -> b.name(name).value(value).type(ParameterType.STRING).overwrite(true))
              .version();
      log.info("updated parameter {} (version {})", name, version);
      return version;
    }
  }
}
