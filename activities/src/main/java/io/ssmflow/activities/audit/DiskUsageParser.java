package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code df -P} or {@code df -h}: one finding per filesystem at 90% or more (MEDIUM; 98% or
 * more: HIGH). Pseudo and read-only image filesystems (tmpfs, devtmpfs, squashfs snaps, loop
 * devices, always 100%) are ignored. {@code df -h} wraps a long device name onto its own line; the
 * parts are joined again.
 */
final class DiskUsageParser implements CheckParser {
  static final int MEDIUM_PERCENT = 90;
  static final int HIGH_PERCENT = 98;
  private static final Set<String> PSEUDO =
      Set.of("tmpfs", "devtmpfs", "overlay", "shm", "udev", "none", "squashfs", "efivarfs");

  @Override
  public List<Finding> parse(CheckOutput output) throws CheckFailed {
    List<String> lines = output.lines();
    List<Finding> findings = new ArrayList<>();
    boolean header = false;
    int rows = 0;
    String carry = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("Filesystem")) {
        header = true;
        continue;
      }
      String[] f = (carry == null ? line : carry + " " + line).split("\\s+");
      if (f.length == 1) {
        carry = f[0]; // df -h: a long device name alone on its line
        continue;
      }
      carry = null;
      int pct = -1;
      for (int i = 1; i < f.length; i++) {
        if (f[i].matches("\\d{1,3}%")) {
          pct = i;
          break;
        }
      }
      if (pct < 0 || pct == f.length - 1) {
        continue; // "-" for filesystems without a size, or no mount point
      }
      rows++;
      String device = f[0];
      String mount = String.join(" ", java.util.Arrays.copyOfRange(f, pct + 1, f.length));
      if (PSEUDO.contains(device)
          || device.startsWith("/dev/loop")
          || mount.startsWith("/snap/")
          || mount.startsWith("/proc")
          || mount.startsWith("/sys")) {
        continue;
      }
      int used = Integer.parseInt(f[pct].substring(0, f[pct].length() - 1));
      if (used >= MEDIUM_PERCENT) {
        findings.add(
            new Finding(
                BuiltInChecks.DISK,
                "disk-full",
                used >= HIGH_PERCENT ? Severity.HIGH : Severity.MEDIUM,
                "filesystem " + mount + " (" + device + ") is " + used + "% full"));
      }
    }
    if (!header && rows == 0) {
      throw new CheckFailed("df gave no filesystem table");
    }
    return findings;
  }
}
