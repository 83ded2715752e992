package io.ssmflow.workflows.runbook;

/**
 * How a runCommand step ended on one instance.
 *
 * @param instanceId the instance
 * @param status Success, Failed, TimedOut, Cancelled, DeliveryTimedOut, Undeliverable or Skipped
 * @param reason why it did not succeed, or null
 */
public record InstanceOutcome(String instanceId, String status, String reason) {}
