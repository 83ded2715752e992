package io.ssmflow.cli.patch;

import java.util.List;

/**
 * The built-in health check and validation lines that {@code ssmflow patch} sends when none is
 * given (or for the word {@code default}).
 */
final class PatchCommands {
  /** Disk below 90 % on /, at least 64 MiB of memory available, the named service active. */
  static final List<String> DEFAULT_HEALTH = List.of(
      "df -P / | awk 'NR==2 { u=$5; sub(\"%\",\"\",u); if (u+0 >= 90) {"
          + " print \"disk / is \" $5 \" full\" > \"/dev/stderr\"; exit 1 } }'",
      "if [ -r /proc/meminfo ]; then awk '/^MemAvailable:/ { if ($2 < 65536) {"
          + " print \"only \" $2 \" kB of memory available\" > \"/dev/stderr\"; exit 1 } }'"
          + " /proc/meminfo; fi",
      "if [ -n \"${SSMFLOW_SERVICE:-}\" ]; then systemctl is-active --quiet \"$SSMFLOW_SERVICE\""
          + " || { echo \"service $SSMFLOW_SERVICE is not active\" >&2; exit 1; }; fi");
  /** After patching: the same checks. */
  static final List<String> DEFAULT_VALIDATION = DEFAULT_HEALTH;

  private PatchCommands() {}
}
