package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code uptime} and {@code cores: N} (from nproc): a finding when the 5-minute load average
 * exceeds the core count (MEDIUM; twice the core count: HIGH). Accepts both decimal separators
 * ({@code 0.52, 0.58} and, in some locales, {@code 0,52, 0,58}) and BSD's {@code load averages:}.
 */
final class LoadParser implements CheckParser {
  private static final String NUM = "(\\d+[.,]\\d+)";
  private static final Pattern LOAD =
      Pattern.compile("load averages?:\\s*" + NUM + ",?\\s+" + NUM + ",?\\s+" + NUM);
  private static final Pattern CORES = Pattern.compile("^cores:\\s*(\\d+)\\s*$");

  @Override
  public List<Finding> parse(CheckOutput output) throws CheckFailed {
    double[] load = null;
    int cores = -1;
    for (String line : output.lines()) {
      Matcher m = LOAD.matcher(line.toLowerCase(Locale.ROOT));
      if (m.find()) {
        load = new double[] {number(m.group(1)), number(m.group(2)), number(m.group(3))};
      }
      Matcher c = CORES.matcher(line.strip());
      if (c.matches()) {
        cores = Integer.parseInt(c.group(1));
      }
    }
    if (load == null) {
      throw new CheckFailed("uptime gave no load average");
    }
    if (cores < 1) {
      throw new CheckFailed("the core count is unknown (nproc)");
    }
    double five = load[1];
    if (five <= cores) {
      return List.of();
    }
    return List.of(
        new Finding(
            BuiltInChecks.LOAD,
            "load-high",
            five > 2.0 * cores ? Severity.HIGH : Severity.MEDIUM,
            String.format(
                Locale.ROOT,
                "5-minute load average %.2f above %d cores (1 min %.2f," + " 15 min %.2f)",
                five,
                cores,
                load[0],
                load[2])));
  }

  private static double number(String s) {
    return Double.parseDouble(s.replace(',', '.'));
  }
}
