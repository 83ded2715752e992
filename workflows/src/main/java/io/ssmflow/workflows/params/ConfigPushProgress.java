package io.ssmflow.workflows.params;

/**
 * A running push's state, for {@code --wait} and status.
 *
 * @param phase planning, writing, restarting, rolling-back, done
 * @param toWrite changes to write
 * @param written changes written so far
 * @param detail one human line
 */
public record ConfigPushProgress(String phase, int toWrite, int written, String detail) {}
