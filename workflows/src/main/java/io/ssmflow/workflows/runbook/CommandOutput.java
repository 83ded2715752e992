package io.ssmflow.workflows.runbook;

/**
 * One instance's invocation of a command, as GetCommandInvocation reports it (cut short).
 *
 * @param status SSM's status, e.g. Success
 * @param responseCode the exit code (-1 when none)
 * @param output the start of standard output
 */
public record CommandOutput(String status, int responseCode, String output) {}
