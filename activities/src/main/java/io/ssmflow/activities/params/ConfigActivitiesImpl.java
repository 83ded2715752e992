package io.ssmflow.activities.params;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.params.ChangeKind;
import io.ssmflow.workflows.params.ConfigActivities;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ParameterChange;
import io.ssmflow.workflows.params.ParameterKind;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Config push writes. Values are decrypted and compared here and never logged nor put into a
 * failure message; every method is idempotent (see {@link ConfigActivities}). {@link #plan} does
 * not need an activity context, so the CLI's {@code --plan} calls it directly.
 */
public final class ConfigActivitiesImpl implements ConfigActivities {
  private static final Logger log = LoggerFactory.getLogger(ConfigActivitiesImpl.class);

  /** GetParameters takes at most 10 names. */
  static final int GET_BATCH = 10;

  private final SsmClient ssm;

  @Inject
  public ConfigActivitiesImpl(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  @Override
  public List<ParameterChange> plan(List<ConfigEntry> wanted) {
    requireNonNull(wanted, "entries is null");
    List<ConfigEntry> entries = StagedValues.resolve(ssm, wanted);
    Map<String, Parameter> current = new HashMap<>();
    for (int i = 0; i < entries.size(); i += GET_BATCH) {
      List<String> names =
          entries.subList(i, Math.min(entries.size(), i + GET_BATCH)).stream()
              .map(ConfigEntry::name)
              .toList();
      try {
        ssm.getParameters(b -> b.names(names).withDecryption(true))
            .parameters()
            .forEach(p -> current.put(p.name(), p));
      } catch (SsmException e) {
        throw SsmFailures.of("GetParameters", names.get(0) + "...", e, true);
      }
    }
    List<ParameterChange> changes = new ArrayList<>();
    for (ConfigEntry e : entries) {
      Parameter p = current.get(e.name());
      if (p == null) {
        changes.add(new ParameterChange(e.name(), ChangeKind.ADD, e.type(), null, null));
        continue;
      }
      ParameterKind stored = ParameterKind.ofAws(p.typeAsString());
      ChangeKind kind =
          stored == e.type() && e.value().equals(p.value())
              ? ChangeKind.UNCHANGED
              : ChangeKind.CHANGE;
      changes.add(new ParameterChange(e.name(), kind, e.type(), p.version(), stored));
    }
    return changes;
  }

  @Override
  public long write(ConfigEntry wanted, Map<String, String> tags) {
    requireNonNull(wanted, "entry is null");
    ConfigEntry entry = StagedValues.resolve(ssm, List.of(wanted)).get(0);
    List<Tag> tagList = new ArrayList<>();
    new TreeMap<>(tags == null ? Map.<String, String>of() : tags)
        .forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
    try {
      try {
        long version =
            ssm.putParameter(put(entry).overwrite(false).tags(tagList).build()).version();
        log.info(
            "created parameter {} ({}, version {})", entry.name(), entry.type().awsName(), version);
        return version;
      } catch (ParameterAlreadyExistsException exists) {
        Parameter current =
            ssm.getParameter(b -> b.name(entry.name()).withDecryption(true)).parameter();
        long version;
        if (entry.type().awsName().equals(current.typeAsString())
            && entry.value().equals(current.value())) {
          version = current.version();
        } else {
          // AWS rejects Tags together with Overwrite: tag separately.
          version = ssm.putParameter(put(entry).overwrite(true).build()).version();
          log.info(
              "updated parameter {} ({}, version {})",
              entry.name(),
              entry.type().awsName(),
              version);
        }
        if (!tagList.isEmpty()) {
          ssm.addTagsToResource(
              b ->
                  b.resourceType(ResourceTypeForTagging.PARAMETER)
                      .resourceId(entry.name())
                      .tags(tagList));
        }
        return version;
      }
    } catch (SsmException e) {
      throw SsmFailures.of("PutParameter", entry.name(), e, entry.secure());
    }
  }

  private static PutParameterRequest.Builder put(ConfigEntry entry) {
    return PutParameterRequest.builder()
        .name(entry.name())
        .value(entry.value())
        .type(entry.type().awsName());
  }

  @Override
  public long restore(String name, long version) {
    requireNonNull(name, "name is null");
    List<ParameterHistory> versions = ParameterVersions.history(ssm, name, true);
    ParameterHistory target =
        versions.stream()
            .filter(v -> v.version() == version)
            .findFirst()
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        ParameterVersions.missingMessage(name, version, versions),
                        "VersionNotFound"));
    ParameterHistory latest = versions.get(versions.size() - 1);
    boolean secure = ParameterKind.SECURE_STRING.awsName().equals(target.typeAsString());
    if (latest.typeAsString().equals(target.typeAsString())
        && latest.value().equals(target.value())) {
      return latest.version();
    }
    try {
      PutParameterRequest.Builder b =
          PutParameterRequest.builder()
              .name(name)
              .value(target.value())
              .type(target.typeAsString())
              .overwrite(true);
      if (secure && target.keyId() != null) {
        b.keyId(target.keyId());
      }
      long now = ssm.putParameter(b.build()).version();
      log.info("restored parameter {} version {} as version {}", name, version, now);
      return now;
    } catch (SsmException e) {
      throw SsmFailures.of("PutParameter", name, e, secure);
    }
  }

  @Override
  public void discardStaged(List<String> stagedNames) {
    requireNonNull(stagedNames, "stagedNames is null");
    StagedValues.discard(ssm, stagedNames);
    log.info("deleted {} staged secure values", stagedNames.size());
  }

  @Override
  public void delete(String name) {
    requireNonNull(name, "name is null");
    try {
      ssm.deleteParameter(b -> b.name(name));
      log.info("deleted parameter {}", name);
    } catch (ParameterNotFoundException e) {
      log.info("parameter {} already absent", name);
    } catch (SsmException e) {
      throw SsmFailures.of("DeleteParameter", name, e, true);
    }
  }
}
