package io.ssmflow.cli.patch;

import io.ssmflow.workflows.patch.PatchDefaults;
import java.util.List;

/**
 * The built-in health check and validation lines that {@code ssmflow patch} sends when none is
 * given (or for the word {@code default}): {@link PatchDefaults}.
 */
final class PatchCommands {
  /** Disk below 90 % on /, 100 MiB of memory available, load below the core count. */
  static final List<String> DEFAULT_HEALTH = PatchDefaults.HEALTH_CHECK;

  /** / writable and below 95 %, /tmp writable. */
  static final List<String> DEFAULT_VALIDATION = PatchDefaults.VALIDATION;

  private PatchCommands() {}
}
