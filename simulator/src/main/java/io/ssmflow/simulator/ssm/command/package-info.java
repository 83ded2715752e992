/**
 * SSM Run Command in the simulator, and the SSM agents of the simulated instances.
 *
 * <p>Behaviour follows the AWS documentation ("Understanding command statuses", "Run commands at
 * scale", the SSM API reference) and the SSM agent's source where the documentation is silent. The
 * choices that matter to a client:
 *
 * <ul>
 *   <li><b>Rate control.</b> MaxConcurrency is a sliding window over the targets in order ("N", or
 *       "P%" of the targets rounded up, at least 1). MaxErrors ("N", or "P%" rounded down) counts
 *       Failed and ExecutionTimedOut invocations; once the count exceeds it no new invocation
 *       starts, the ones in flight finish, and the never-started ones end with Status {@code
 *       Cancelled}, StatusDetails {@code Terminated} ("canceled by the system"). AWS documents an
 *       exponential ramp-up (1, then 2, ...) inside the window; the simulator opens the whole
 *       window at once, as ssmflow's design assumes.
 *   <li><b>Agents.</b> An instance runs one invocation at a time, FIFO across commands. An
 *       invocation is Pending for the {@code pendingDuration} knob, then InProgress. A stopped or
 *       ConnectionLost instance leaves it {@code Delayed} (retried) until the agent is back; when
 *       TimeoutSeconds passes without it starting it ends {@code TimedOut / DeliveryTimedOut} (not
 *       an error; counted in DeliveryTimedOutCount). An Inactive agent makes it {@code Failed /
 *       Undeliverable} at once (not an error). A document that does not support the platform
 *       (AWS-RunShellScript on Windows) ends {@code Failed / InvalidPlatform}.
 *   <li><b>Timeouts.</b> The execution timeout kills the whole process tree and ends the invocation
 *       {@code TimedOut / ExecutionTimedOut} with ResponseCode 137, the agent's exit code for a
 *       command it stopped on Linux (128 + SIGKILL). ExpiresAfter is RequestedDateTime +
 *       TimeoutSeconds + the execution timeout. An agent lost mid-command (the {@code offline}
 *       fault) never answers: the invocation stays InProgress until the command expires, then reads
 *       DeliveryTimedOut.
 *   <li><b>Command status.</b> Success when every invocation succeeded (Undeliverable and
 *       InvalidPlatform ones aside, unless nothing else ran: then Failed); Failed / Failed or
 *       TimedOut / ExecutionTimedOut when errors exceed MaxErrors; TimedOut / DeliveryTimedOut when
 *       delivery timeouts exceed it; Cancelled after CancelCommand; otherwise Failed / Incomplete.
 *       Targets that match nothing give a command with TargetCount 0 and Success /
 *       NoInstancesInTag. SendCommand's own answer reports TargetCount 0 for Targets, as SSM
 *       resolves them after answering.
 *   <li><b>Output.</b> GetCommandInvocation: the first 24,000 characters of stdout and 8,000 of
 *       stderr; a non-zero exit appends the agent's "failed to run commands: exit status N" to
 *       stderr. ListCommandInvocations Details: stdout and stderr combined and truncated to 2,500
 *       characters exactly as the agent's TruncateOutput does.
 *   <li><b>AWS-RunPatchBaseline</b> has the real document's steps PatchWindows, PatchLinux and
 *       PatchMacOS; the one for the instance's platform runs, the others report the agent's "Step
 *       execution skipped due to unsatisfied preconditions" output. GetCommandInvocation without
 *       PluginName answers the step that ran (pass PluginName to be portable). SnapshotId must be a
 *       GUID, as in the AWS document.
 *   <li><b>Consistency.</b> For the {@code invocationVisibilityDelay} knob after SendCommand, the
 *       command's invocations are not listed and GetCommandInvocation answers
 *       InvocationDoesNotExist. For the {@code listVisibilityDelay} knob, ListCommands and
 *       ListCommandInvocations leave the command out (ListCommands by its CommandId answers
 *       InvalidCommandId). The {@code sendCommandResponseDelay} knob holds SendCommand's answer
 *       after the command started ({@link HeldAnswers}).
 *   <li><b>Memory.</b> Completed commands are forgotten, oldest first, beyond the retention limits;
 *       each agent keeps its last 100 runs and per-text run counts for the admin API. {@link
 *       RunTotals} keeps per-instance run counts by Comment, independent of retention.
 * </ul>
 */
package io.ssmflow.simulator.ssm.command;
