package io.ssmflow.workflows.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The default pre-patch health check and post-patch validation: POSIX sh lines for
 * AWS-RunShellScript (exit 0 = healthy / valid), each check printing one line, failures prefixed
 * {@code UNHEALTHY} / {@code INVALID}. They need only sh, awk, df, cut and getconf, and degrade to
 * "not checked" where /proc is not readable (a sandbox), so they run on any Linux instance and in
 * the simulator's bubblewrap sandbox.
 */
public final class PatchDefaults {
  /** The seed's limits: disk usage of / below 90 %, 100 MiB of memory available. */
  public static final int MAX_DISK_PERCENT = 90;

  public static final int MIN_AVAILABLE_MIB = 100;

  /** The 1-minute load average must stay below this many times the online cores. */
  public static final int MAX_LOAD_PER_CORE = 1;

  /** The validation's disk limit: patching itself needs some space. */
  public static final int VALIDATION_MAX_DISK_PERCENT = 95;

  /** A systemd unit name that may be interpolated into the commands. */
  public static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9@._-]{1,100}");

  /** The first line of the health check (a simulator fault can match it). */
  public static final String HEALTH_MARKER = "# ssmflow pre-patch health check";

  /** The first line of the validation (a simulator fault can match it). */
  public static final String VALIDATION_MARKER = "# ssmflow post-patch validation";

  /** Disk, memory and load with the seed's limits; no service named (that check passes). */
  public static final List<String> HEALTH_CHECK =
      healthCheck(null, MAX_DISK_PERCENT, MIN_AVAILABLE_MIB, MAX_LOAD_PER_CORE);

  /** After patching: / writable and below 95 %, /tmp writable, no service named. */
  public static final List<String> VALIDATION = validation(null);

  private PatchDefaults() {}

  /**
   * The health check with explicit limits.
   *
   * @param service a systemd unit that must be active, or null for none
   * @param maxDiskPercent unhealthy at or above this usage of /
   * @param minAvailableMiB unhealthy below this much MemAvailable
   * @param maxLoadPerCore unhealthy when the 1-minute load reaches cores times this
   * @throws IllegalArgumentException for a service name that is not a plain unit name
   */
  public static List<String> healthCheck(
      String service, int maxDiskPercent, int minAvailableMiB, int maxLoadPerCore) {
    List<String> lines = new ArrayList<>();
    lines.add(HEALTH_MARKER);
    lines.add("fail=0");
    disk(lines, maxDiskPercent, "UNHEALTHY");
    lines.add(
        "avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo" + " 2>/dev/null)");
    lines.add(
        "if [ -z \"$avail\" ]; then echo \"memory: not checked (/proc/meminfo not"
            + " readable)\"; elif [ \"$avail\" -ge "
            + minAvailableMiB
            + " ]; then echo \"memory:"
            + " ${avail} MiB available\"; else echo \"UNHEALTHY memory: only ${avail} MiB available"
            + " (need "
            + minAvailableMiB
            + ")\"; fail=1; fi");
    lines.add("cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)");
    lines.add("load=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null)");
    lines.add(
        "if [ -z \"$load\" ]; then echo \"load: not checked (/proc/loadavg not"
            + " readable)\"; elif awk -v l=\"$load\" -v c=\"$cores\" 'BEGIN { exit !(l < c * "
            + maxLoadPerCore
            + ") }'; then echo \"load: $load on $cores cores\"; else echo"
            + " \"UNHEALTHY load: $load on $cores cores (limit "
            + maxLoadPerCore
            + " per core)\"; fail=1; fi");
    service(lines, service, "UNHEALTHY");
    lines.add("exit \"$fail\"");
    return List.copyOf(lines);
  }

  /**
   * The validation.
   *
   * @param service a systemd unit that must be active, or null for none
   */
  public static List<String> validation(String service) {
    List<String> lines = new ArrayList<>();
    lines.add(VALIDATION_MARKER);
    lines.add("fail=0");
    disk(lines, VALIDATION_MAX_DISK_PERCENT, "INVALID");
    lines.add("probe=/tmp/.ssmflow-validate.$$");
    lines.add(
        "if echo ok > \"$probe\" 2>/dev/null && rm -f \"$probe\"; then echo \"tmp:"
            + " writable\"; else echo \"INVALID tmp: /tmp not writable\"; fail=1; fi");
    service(lines, service, "INVALID");
    lines.add("exit \"$fail\"");
    return List.copyOf(lines);
  }

  private static void disk(List<String> lines, int maxPercent, String failure) {
    lines.add("use=$(df -P / 2>/dev/null | awk 'NR == 2 { sub(\"%\", \"\", $5); print $5 }')");
    lines.add(
        "if [ -z \"$use\" ]; then echo \"disk: not checked (df failed)\"; elif [ \"$use\""
            + " -lt "
            + maxPercent
            + " ]; then echo \"disk: / ${use}% used\"; else echo \""
            + failure
            + " disk: / ${use}% used (limit "
            + maxPercent
            + "%)\"; fail=1; fi");
  }

  private static void service(List<String> lines, String service, String failure) {
    if (service == null || service.isBlank()) {
      lines.add("echo \"service: none named\"");
      return;
    }
    if (!SERVICE.matcher(service).matches()) {
      throw new IllegalArgumentException(
          "service must be a systemd unit name (" + SERVICE.pattern() + "), not '" + service + "'");
    }
    lines.add(
        "if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet '"
            + service
            + "'; then echo \"service: "
            + service
            + " active\"; else echo \""
            + failure
            + " service: "
            + service
            + " is not active\"; fail=1; fi");
  }
}
