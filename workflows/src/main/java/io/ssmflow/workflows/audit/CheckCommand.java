package io.ssmflow.workflows.audit;

import java.util.List;

/**
 * What one check runs on each instance: one shell step of the audit's plan.
 *
 * @param check the check's name
 * @param commands the shell lines (AWS-RunShellScript)
 * @param timeoutSeconds the command's execution timeout
 */
public record CheckCommand(String check, List<String> commands, int timeoutSeconds) {
  public CheckCommand {
    commands = List.copyOf(commands);
  }
}
