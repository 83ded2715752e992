package io.ssmflow.workflows.params;

import java.util.Map;

/**
 * What a rollback did.
 *
 * @param done name to what happened ({@code restored version 3 as version 6}, {@code deleted})
 * @param message one human line
 */
public record RollbackResult(Map<String, String> done, String message) {}
