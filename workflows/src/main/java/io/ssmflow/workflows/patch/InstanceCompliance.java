package io.ssmflow.workflows.patch;

/**
 * One instance's compliance report.
 *
 * @param instanceId the instance
 * @param report its counts and most severe missing or failed patches
 */
public record InstanceCompliance(String instanceId, ComplianceReport report) {}
