package io.ssmflow.workflows.deploy;

/**
 * One instance's place in a deployment.
 *
 * @param instanceId the instance
 * @param state where it is
 * @param step the step it is in or failed at (null when not started)
 * @param reason why it failed, was skipped or rolled back (null otherwise)
 */
public record InstanceProgress(
    String instanceId, InstanceState state, String step, String reason) {}
