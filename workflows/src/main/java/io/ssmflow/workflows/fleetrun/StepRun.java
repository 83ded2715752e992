package io.ssmflow.workflows.fleetrun;

import io.ssmflow.workflows.command.InvocationStatus;

/**
 * One command of a step as it ran on an instance (kept when the plan records runs).
 *
 * @param step the step's name
 * @param commandId the SSM command
 * @param status how its invocation ended
 */
public record StepRun(String step, String commandId, InvocationStatus status) {}
