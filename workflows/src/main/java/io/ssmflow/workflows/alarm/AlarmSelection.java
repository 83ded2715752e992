package io.ssmflow.workflows.alarm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which CloudWatch alarms gate a run: names ({@code --alarm}, repeatable) and a name prefix ({@code
 * --alarm-prefix}).
 *
 * @param names alarm names (at most 100, DescribeAlarms' limit)
 * @param prefix an alarm name prefix, or null
 */
public record AlarmSelection(List<String> names, String prefix) {
  /** DescribeAlarms takes at most 100 names. */
  public static final int MAX_NAMES = 100;

  private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,255}");

  public AlarmSelection {
    names = names == null ? List.of() : List.copyOf(names);
    prefix = prefix == null || prefix.isEmpty() ? null : prefix;
  }

  /**
   * A validated selection.
   *
   * @throws IllegalArgumentException one line naming the bad value
   */
  public static AlarmSelection of(List<String> names, String prefix) {
    AlarmSelection s = new AlarmSelection(names, prefix);
    if (s.names.size() > MAX_NAMES) {
      throw new IllegalArgumentException("at most " + MAX_NAMES + " alarms, not " + s.names.size());
    }
    for (String name : s.names) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "alarm name must be 1 to 255 printable characters," + " not '" + name + "'");
      }
    }
    if (s.prefix != null && !NAME.matcher(s.prefix).matches()) {
      throw new IllegalArgumentException(
          "alarm-prefix must be 1 to 255 printable characters," + " not '" + s.prefix + "'");
    }
    return s;
  }

  /** Whether any alarm is selected. */
  public boolean none() {
    return names.isEmpty() && prefix == null;
  }

  public String describe() {
    String n = names.isEmpty() ? "" : String.join(", ", names);
    String p = prefix == null ? "" : "prefix " + prefix;
    return n.isEmpty() ? p : p.isEmpty() ? n : n + "; " + p;
  }
}
