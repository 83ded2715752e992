package io.ssmflow.workflows.deploy.rollout;

import io.ssmflow.workflows.deploy.InstanceState;

/**
 * One instance inside a rollout slice.
 *
 * @param instanceId the instance
 * @param state where it is
 * @param stepIndex the step it runs (index into the request's steps; ignored while rolling back)
 * @param attempt the attempt of that step, from 1
 * @param commandId the command it waits for, or null when a command is still to be sent
 * @param readyAtMillis workflow time before which the next attempt is not sent
 * @param stepName the step it is in or failed at
 * @param reason why it failed, was skipped or rolled back
 * @param deployFailed whether its deployment failed (it may since have been rolled back)
 */
public record SlotState(
    String instanceId,
    InstanceState state,
    int stepIndex,
    int attempt,
    String commandId,
    long readyAtMillis,
    String stepName,
    String reason,
    boolean deployFailed) {}
