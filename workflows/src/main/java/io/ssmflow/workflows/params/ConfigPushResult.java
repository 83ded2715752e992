package io.ssmflow.workflows.params;

import java.util.List;
import java.util.Map;

/**
 * What a push did. No values: names, change kinds and versions only.
 *
 * @param outcome how it ended
 * @param message one human line
 * @param changes every entry's planned change
 * @param replaced name to the version it replaced, or {@code "new"} for a parameter the push
 *     created: what {@code ssmflow params rollback --push ID} restores (empty after a rollback on
 *     failure, since nothing stays applied)
 * @param written name to the version the push wrote (empty after a rollback on failure)
 * @param restart the restart's summary line, or null when none was asked or needed
 * @param restartWorkflowId the restart deployment's workflow id, or null
 */
public record ConfigPushResult(
    PushOutcome outcome,
    String message,
    List<ParameterChange> changes,
    Map<String, String> replaced,
    Map<String, Long> written,
    String restart,
    String restartWorkflowId) {
  /** The marker in {@link #replaced()} of a parameter the push created. */
  public static final String NEW = "new";
}
