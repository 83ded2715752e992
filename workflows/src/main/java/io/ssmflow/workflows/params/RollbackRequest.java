package io.ssmflow.workflows.params;

import java.util.List;

/**
 * What to roll back, resolved by the CLI: one parameter to a version, or every parameter of a push
 * (delete the ones it created, restore the versions it replaced).
 *
 * @param actions in order
 * @param reason why (from the command, kept in history), may be empty
 */
public record RollbackRequest(List<Action> actions, String reason) {
  public RollbackRequest {
    actions = List.copyOf(actions);
  }

  /**
   * One parameter.
   *
   * @param name the parameter
   * @param version the version to restore, or null to delete the parameter
   */
  public record Action(String name, Long version) {}
}
