package io.ssmflow.cli;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * Unknown command names, found before picocli runs anything: otherwise a typo followed by an option
 * the parent also knows ({@code ssmflow deplyo ... --version 4.0.0}) would run that option (print
 * the version, exit 0) and look like success. An unknown command is bad input (exit 2) with the
 * closest known name, or the list of commands.
 */
final class UnknownCommands {
  private UnknownCommands() {}

  /**
   * The error for the first word of {@code args} that should name a subcommand and does not, or
   * null when every command word is known (or the line reaches a command that takes operands).
   */
  static CliError find(CommandLine root, String[] args) {
    CommandLine current = root;
    for (String arg : args) {
      if (arg.equals("--")) {
        return null;
      }
      if (arg.startsWith("-")) {
        continue; // the command groups' own options (-h, -V) take no value
      }
      Map<String, CommandLine> subcommands = current.getSubcommands();
      if (subcommands.isEmpty() || !current.getCommandSpec().positionalParameters().isEmpty()) {
        return null;
      }
      CommandLine next = subcommands.get(arg);
      if (next == null) {
        return unknown(current, arg);
      }
      current = next;
    }
    return null;
  }

  static CliError unknown(CommandLine parent, String word) {
    String where = parent.getCommandSpec().qualifiedName();
    TreeSet<String> names = new TreeSet<>(parent.getSubcommands().keySet());
    String closest =
        names.stream()
            .min(Comparator.comparingInt((String n) -> distance(word, n)))
            .filter(
                n ->
                    distance(word, n) <= Math.max(2, n.length() / 3)
                        || n.startsWith(word) && !word.isEmpty())
            .orElse(null);
    String shown = word.length() > 40 ? word.substring(0, 40) + "..." : word;
    return CliError.badInput(
        "unknown command '"
            + shown
            + "'"
            + (closest != null
                ? ": did you mean " + closest + "?"
                : "; the commands are " + String.join(", ", names))
            + " (see "
            + where
            + " --help)");
  }

  /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
