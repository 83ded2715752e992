package io.ssmflow.cli;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A reason as a result table shows it: on one line, whole (never cut at the cause), without the
 * banners SSM puts into command output ({@code ----------ERROR-------} between stdout and stderr,
 * {@code ---Output truncated---}, {@code ---Error truncated----}). The full output of an instance's
 * commands is {@code ssmflow status ID --instance I}.
 */
public final class Reasons {
  private static final Pattern BANNERS =
      Pattern.compile("-{3,}\\s*(?:ERROR|Output truncated|Error truncated)\\s*-{3,}");

  private Reasons() {}

  /** The reason on one line, lines joined with {@code " | "}; empty for null. */
  public static String oneLine(String reason) {
    if (reason == null) {
      return "";
    }
    String text = BANNERS.matcher(reason).replaceAll("\n");
    String joined =
        text.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .collect(Collectors.joining(" | "));
    return joined.replace(": | ", ": ");
  }

  /** The line under a result table that says where an instance's full output is. */
  public static String fullOutputHint(String workflowId, String instanceId) {
    return "full command output of an instance: ssmflow status "
        + workflowId
        + " --instance "
        + instanceId
        + "\n";
  }
}
