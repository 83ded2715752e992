package io.ssmflow.workflows.deploy.rollout;

import java.util.List;

/**
 * Everything a rollout slice carries across continue-as-new: no activity is outstanding at that
 * point, so in-flight commands are just ids to keep waiting for.
 *
 * @param slots every instance's place, in launch order
 * @param nextToLaunch index of the next instance to launch
 * @param sequence the last command sequence number (idempotency keys stay unique per slice)
 * @param errors errors so far
 * @param paused whether launching is paused
 * @param stopReason why launching stopped, or null
 * @param lastReportMillis workflow time of the last progress report to the parent
 * @param reportedErrors errors already reported to the parent
 * @param reportsSent reports sent so far (the periodic interval doubles every 100)
 */
public record RolloutState(
    List<SlotState> slots,
    int nextToLaunch,
    long sequence,
    int errors,
    boolean paused,
    String stopReason,
    long lastReportMillis,
    int reportedErrors,
    int reportsSent) {
  public RolloutState {
    slots = List.copyOf(slots);
  }
}
