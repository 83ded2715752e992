package io.ssmflow.workflows.snapshot;

import java.util.Map;

/**
 * How waiting for snapshots ended: every snapshot not listed here is {@code completed}.
 *
 * @param failed snapshot id to the reason it will never complete ({@code error} state, gone)
 */
public record SnapshotWaitResult(Map<String, String> failed) {
  public SnapshotWaitResult {
    failed = failed == null ? Map.of() : Map.copyOf(failed);
  }
}
