package io.ssmflow.activities.params;

import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigPushRequest;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterKind;
import io.ssmflow.workflows.params.StagedValue;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Secure values on their way from the CLI to a push, through Parameter Store instead of the
 * workflow's input: the CLI {@link #stage}s each one as a SecureString under {@link
 * ConfigRules#STAGING_ROOT}{@code /PUSH_ID/N} and starts the push with references (name and
 * version); the push's activities {@link #resolve} them (decrypted in the activity only) and the
 * workflow {@link #discard}s them once it has written. No value is ever logged or put into a
 * failure message.
 */
public final class StagedValues {
  /** GetParameters and DeleteParameters take at most 10 names. */
  static final int BATCH = 10;

  /** The tags of a staging parameter, so a leftover is easy to recognise. */
  static final List<Tag> TAGS =
      List.of(
          Tag.builder().key("ManagedBy").value("ssmflow").build(),
          Tag.builder().key("Purpose").value("push-staging").build());

  private StagedValues() {}

  /**
   * Writes the request's secure values to their staging parameters and answers the request with
   * references in their place (other entries unchanged). A staging name already taken (a retried
   * CLI call) is overwritten.
   *
   * @param pushWorkflowId the push's workflow id, part of every staging name
   * @throws SsmException or another SdkException when Parameter Store refuses or cannot be reached
   *     (the CLI then deletes what it staged and reports it)
   */
  public static ConfigPushRequest stage(
      SsmClient ssm, String pushWorkflowId, ConfigPushRequest request, List<String> stagedSoFar) {
    List<ConfigEntry> entries = new ArrayList<>();
    int index = 0;
    for (ConfigEntry e : request.entries()) {
      if (!e.secure() || e.fromStaging()) {
        entries.add(e);
        continue;
      }
      String name = ConfigRules.stagingName(pushWorkflowId, ++index);
      String description =
          "ssmflow: a secure value staged for "
              + pushWorkflowId
              + ", deleted once the push has written it";
      long version;
      try {
        version =
            ssm.putParameter(put(name, e, description).tags(TAGS).overwrite(false).build())
                .version();
      } catch (ParameterAlreadyExistsException exists) {
        // AWS rejects Tags together with Overwrite; the first write tagged it.
        version = ssm.putParameter(put(name, e, description).overwrite(true).build()).version();
      }
      stagedSoFar.add(name);
      entries.add(e.stagedAt(new StagedValue(name, version)));
    }
    return request.withEntries(entries);
  }

  private static PutParameterRequest.Builder put(String name, ConfigEntry e, String description) {
    return PutParameterRequest.builder()
        .name(name)
        .value(e.value())
        .type(ParameterKind.SECURE_STRING.awsName())
        .description(description);
  }

  /**
   * The entries with their staged values read back (decrypted), in the same order; inline entries
   * are returned as they are.
   *
   * @throws ApplicationFailure of type {@code StagedValueMissing} (not retried) when a staged value
   *     is gone, e.g. deleted by hand or by an earlier run of the same push
   */
  public static List<ConfigEntry> resolve(SsmClient ssm, List<ConfigEntry> entries) {
    List<ConfigEntry> staged = entries.stream().filter(ConfigEntry::fromStaging).toList();
    if (staged.isEmpty()) {
      return entries;
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < staged.size(); i += BATCH) {
      List<String> selectors =
          staged.subList(i, Math.min(staged.size(), i + BATCH)).stream()
              .map(e -> e.staged().selector())
              .toList();
      try {
        for (Parameter p :
            ssm.getParameters(b -> b.names(selectors).withDecryption(true)).parameters()) {
          values.put(p.name() + ":" + p.version(), p.value());
        }
      } catch (SsmException e) {
        throw SsmFailures.of("GetParameters", selectors.get(0) + "...", e, true);
      }
    }
    List<ConfigEntry> resolved = new ArrayList<>(entries.size());
    for (ConfigEntry e : entries) {
      if (!e.fromStaging()) {
        resolved.add(e);
        continue;
      }
      String value = values.get(e.staged().selector());
      if (value == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the staged value of "
                + e.name()
                + " ("
                + e.staged().selector()
                + ") is gone; push again",
            "StagedValueMissing");
      }
      resolved.add(e.withValue(value));
    }
    return resolved;
  }

  /** Deletes staging parameters; missing ones are fine. Names outside the staging root are not. */
  public static void discard(SsmClient ssm, List<String> stagedNames) {
    List<String> names =
        stagedNames.stream().filter(n -> n.startsWith(ConfigRules.STAGING_ROOT + "/")).toList();
    for (int i = 0; i < names.size(); i += BATCH) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + BATCH));
      try {
        ssm.deleteParameters(b -> b.names(batch));
      } catch (SsmException e) {
        throw SsmFailures.of("DeleteParameters", batch.get(0) + "...", e, false);
      }
    }
  }
}
