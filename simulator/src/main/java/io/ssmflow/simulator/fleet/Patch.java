package io.ssmflow.simulator.fleet;

/**
 * A patch an instance is missing or has installed, as AWS-RunPatchBaseline reports it.
 *
 * @param id the patch id or package name (KB5031356, openssl)
 * @param classification Security, Bugfix, CriticalUpdates, ...
 * @param severity Critical, Important, Medium, Low
 * @param title a one-line description
 */
public record Patch(String id, String classification, String severity, String title) {}
