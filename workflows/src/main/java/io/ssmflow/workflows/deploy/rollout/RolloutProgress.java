package io.ssmflow.workflows.deploy.rollout;

/**
 * Counts of one rollout slice.
 *
 * @param total instances in the slice
 * @param pending not launched yet
 * @param inFlight being deployed or rolled back
 * @param succeeded deployed and healthy
 * @param failed deployment failed (whatever the rollback did)
 * @param errors failures that count for MaxErrors
 * @param rolledBack restored
 * @param rollbackFailed rollback failed
 * @param skipped not delivered, or not launched after a stop
 * @param paused whether launching is paused
 * @param stopReason why launching stopped, or null
 */
public record RolloutProgress(
    int total,
    int pending,
    int inFlight,
    int succeeded,
    int failed,
    int errors,
    int rolledBack,
    int rollbackFailed,
    int skipped,
    boolean paused,
    String stopReason) {}
