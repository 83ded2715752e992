package io.ssmflow.workflows.command;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * SSM Run Command. Sending is idempotent across activity retries (SendCommand has no idempotency
 * token: the activity tags each command with the request's key and looks it up with ListCommands
 * before sending again). Waiting polls inside the activity with a heartbeat per poll: ListCommands
 * gives every command's completion count (up to 50 commands a call), and ListCommandInvocations is
 * read only for commands with new completions. SSM's eventual consistency (command or invocations
 * not visible yet, InvocationDoesNotExist) is "still pending".
 */
@ActivityInterface
public interface CommandActivities {
  /**
   * Sends AWS-RunShellScript; answers the commands sent (the existing ones on a retry: only a retry
   * attempt looks them up, tolerating ListCommands lag) and the instances SSM refused. A batch that
   * SSM refuses because of some instances (InvalidInstanceId) is sent again without them, so one
   * terminated instance never fails its 49 siblings.
   *
   * @param request what to run where
   */
  @ActivityMethod
  SendResult sendShellCommand(SendCommandRequest request);

  /**
   * Sends AWS-RunPatchBaseline; answers like {@link #sendShellCommand}.
   *
   * @param request the patch operation and targets
   */
  @ActivityMethod
  SendResult sendPatchBaseline(PatchBaselineRequest request);

  /**
   * Waits until at least one pending invocation ends (then lingers briefly to collect more), or
   * until maxWait; answers the invocations that ended.
   *
   * @param request the commands in flight
   */
  @ActivityMethod
  AwaitResult awaitInvocations(AwaitRequest request);

  /**
   * Cancels a command on the given instances (all when empty); idempotent.
   *
   * @param commandId the command
   * @param instanceIds the instances, or empty for all
   */
  @ActivityMethod
  void cancelCommand(String commandId, java.util.List<String> instanceIds);
}
