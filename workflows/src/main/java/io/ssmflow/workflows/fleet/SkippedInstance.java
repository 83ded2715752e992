package io.ssmflow.workflows.fleet;

/**
 * A targeted instance that the operation leaves alone, and why ("stopped", "SSM agent
 * ConnectionLost", "not managed by SSM", "cutoff", ...).
 */
public record SkippedInstance(String instanceId, String reason) {}
