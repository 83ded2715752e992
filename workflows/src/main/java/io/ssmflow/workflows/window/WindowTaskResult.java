package io.ssmflow.workflows.window;

/**
 * One task's outcome in a window run.
 *
 * @param name the task
 * @param operation what it runs
 * @param priority its priority
 * @param status where it is / how it ended
 * @param workflowId the child workflow (null when it did not start)
 * @param message one line: the operation's own outcome and message, or why it did not run
 */
public record WindowTaskResult(
    String name,
    WindowOperation operation,
    int priority,
    TaskStatus status,
    String workflowId,
    String message) {}
