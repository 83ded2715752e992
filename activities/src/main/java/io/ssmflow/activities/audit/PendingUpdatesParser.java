package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code apt list --upgradable} ({@code name/suites version arch [upgradable from: x]}) or
 * {@code yum list updates} / {@code dnf check-update} ({@code name.arch version repo}): one finding
 * with the count, HIGH when some come from a security suite or repository, else MEDIUM. When SSM
 * cut the output, the count is a lower bound and says so.
 */
final class PendingUpdatesParser implements CheckParser {
  private static final Pattern APT =
      Pattern.compile("^(\\S+)/(\\S+)\\s+\\S+\\s+\\S+\\s+\\[upgradable from: [^\\]]+\\]");
  private static final Pattern RPM =
      Pattern.compile(
          "^([A-Za-z0-9_.+-]+)\\.(x86_64|noarch|i686|i386|aarch64|ppc64le|s390x|armv7hl|src)\\s+"
              + "(\\S+)\\s+(\\S+)\\s*$");
  static final int LISTED = 5;

  @Override
  public List<Finding> parse(CheckOutput output) throws CheckFailed {
    List<String> names = new ArrayList<>();
    int security = 0;
    boolean obsoleting = false;
    boolean sawSource = false;
    for (String raw : output.lines()) {
      String line = raw.strip();
      if (line.startsWith("# ssmflow-source:")) {
        sawSource = true;
        if (line.endsWith("none")) {
          throw new CheckFailed("no package manager found (apt, dnf, yum)");
        }
        continue;
      }
      if (line.startsWith("Obsoleting Packages")) {
        obsoleting = true; // dnf lists replacements next: not updates of their own
        continue;
      }
      Matcher apt = APT.matcher(line);
      if (apt.find()) {
        names.add(apt.group(1));
        security += apt.group(2).contains("-security") ? 1 : 0;
        continue;
      }
      Matcher rpm = RPM.matcher(line);
      if (rpm.matches() && !obsoleting) {
        names.add(rpm.group(1));
        security += rpm.group(4).toLowerCase(Locale.ROOT).contains("security") ? 1 : 0;
      }
    }
    if (names.isEmpty()) {
      if (!sawSource) {
        throw new CheckFailed(
            "the update probe gave no answer"
                + (output.exitCode() != 0 ? ": " + output.firstErrorLine() : ""));
      }
      return List.of();
    }
    String count = (output.truncated() ? "at least " : "") + names.size();
    String listed =
        String.join(", ", names.subList(0, Math.min(LISTED, names.size())))
            + (names.size() > LISTED ? ", ..." : "");
    return List.of(
        new Finding(
            BuiltInChecks.UPDATES,
            "updates-pending",
            security > 0 ? Severity.HIGH : Severity.MEDIUM,
            count
                + (names.size() == 1 && !output.truncated() ? " update" : " updates")
                + " pending"
                + (security > 0 ? " (" + security + " security)" : "")
                + ": "
                + listed));
  }
}
