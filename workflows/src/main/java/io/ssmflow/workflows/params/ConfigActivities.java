package io.ssmflow.workflows.params;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * Parameter Store operations of config pushes and rollbacks. Values are compared, decrypted and
 * written inside the activities; what comes back carries names and versions only. Every method is
 * safe to retry.
 */
@ActivityInterface
public interface ConfigActivities {
  /**
   * Compares each entry with the stored parameter (SecureString decrypted here; a staged value read
   * from its staging parameter here) and answers what a push would do; writes nothing.
   *
   * @param entries the wanted parameters
   */
  @ActivityMethod
  List<ParameterChange> plan(List<ConfigEntry> entries);

  /**
   * Writes one entry (a staged value is read from its staging parameter here): creates it with the
   * tags, or overwrites it (and adds the tags). A retry that finds the value already stored answers
   * that version instead of writing another.
   *
   * @param entry the parameter
   * @param tags tags such as Application, Environment and ManagedBy=ssmflow
   */
  @ActivityMethod
  long write(ConfigEntry entry, Map<String, String> tags);

  /**
   * Puts the value of an earlier version back as a new version (type and KMS key as that version
   * had them). Does nothing when the latest version already holds that value and type. Fails with
   * type {@code VersionNotFound} (not retried) when the version does not exist.
   *
   * @param name the parameter
   * @param version the version to restore
   * @return the version now current
   */
  @ActivityMethod
  long restore(String name, long version);

  /**
   * Deletes the staging parameters of a push's secure values (once it has written them, or failed,
   * or was cancelled); missing ones are fine.
   *
   * @param stagedNames the staging parameters, under {@link ConfigRules#STAGING_ROOT}
   */
  @ActivityMethod
  void discardStaged(List<String> stagedNames);

  /**
   * Deletes a parameter; a missing one is fine.
   *
   * @param name the parameter
   */
  @ActivityMethod
  void delete(String name);
}
