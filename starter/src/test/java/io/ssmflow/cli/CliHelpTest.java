package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree: {@code --help} and {@code help ...} of every command and subcommand exit 0 with
 * their usage; unknown commands exit 2 with a suggestion, before any option runs; service commands
 * offer only the options that mean something to them.
 */
class CliHelpTest {
  /** No Temporal listens here: help must not connect anywhere. */
  static final Map<String, String> ENV = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1");

  static CommandLine tree() {
    return SsmflowCli.commandLine(
        new CliContext(
            ENV,
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            Duration.ofMillis(200),
            false),
        new String[0]);
  }

  /** Every command path below the root, e.g. [params, push]. */
  static Stream<List<String>> commands() {
    List<List<String>> out = new ArrayList<>();
    walk(tree(), new ArrayList<>(), out);
    return out.stream();
  }

  private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    for (var e : c.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(e.getKey());
      out.add(next);
      walk(e.getValue(), next, out);
    }
  }

  @Test
  void aCommandLineBuildsTheModelOfTheCommandItRunsOnly() {
    CliContext context =
        new CliContext(
            ENV,
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            Duration.ofMillis(200),
            false);
    assertThat(
            SsmflowCli.commandLine(context, new String[] {"deploy", "--app", "shop"})
                .getSubcommands())
        .containsOnlyKeys("deploy");
    assertThat(
            SsmflowCli.commandLine(context, new String[] {"--verbose", "status", "x"})
                .getSubcommands())
        .containsOnlyKeys("status");
    Set<String> all = tree().getSubcommands().keySet();
    assertThat(all).contains("deploy", "patch", "help", "runbook").hasSize(19);
    // Help, no command and a typo need every command (to show it, or to suggest the closest).
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "deploy"},
            new String[] {"deplyo"},
            new String[] {"--", "deploy"})) {
      assertThat(SsmflowCli.commandLine(context, args).getSubcommands().keySet())
          .as("%s", List.of(args))
          .containsExactlyElementsOf(all);
    }
  }

  @Test
  void theTreeHasTheCommandsOfTheReadme() {
    assertThat(commands().map(p -> String.join(" ", p)))
        .contains(
            "deploy",
            "patch",
            "audit",
            "status",
            "list",
            "approve",
            "reject",
            "cancel",
            "pause",
            "resume",
            "params",
            "params push",
            "params audit",
            "params history",
            "params rollback",
            "schedule",
            "schedule create",
            "schedule pause",
            "schedule unpause",
            "runbook",
            "runbook run",
            "runbook validate",
            "runbook redrive",
            "runbook resume",
            "dev",
            "demo",
            "worker",
            "sim",
            "codec-server",
            "help");
  }

  @ParameterizedTest(name = "{0} --help")
  @MethodSource("commands")
  void helpOfEveryCommandExitsZero(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    CliRun run = CliRun.run(ENV, args.toArray(new String[0]));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    if (!path.equals(List.of("sim"))) { // sim hands its flags to the simulator, which prints
      assertThat(run.out()).startsWith("Usage: ssmflow " + String.join(" ", path));
    }
  }

  /**
   * picocli formats descriptions as format strings: a bare {@code %} (as in "25%") makes it print a
   * warning to stderr and the raw text, in every --help.
   */
  @Test
  void everyDescriptionIsAValidFormatString() {
    List<String> bad = new ArrayList<>();
    CommandLine root = tree();
    // The raw descriptions: picocli formats them before it puts in ${DEFAULT-VALUE} and friends.
    root.setInterpolateVariables(false);
    checkDescriptions(root, "ssmflow", bad);
    assertThat(bad).isEmpty();
  }

  private static void checkDescriptions(CommandLine c, String name, List<String> bad) {
    List<String> lines = new ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
    c.getCommandSpec().options().forEach(o -> lines.addAll(List.of(o.description())));
    c.getCommandSpec().positionalParameters().forEach(p -> lines.addAll(List.of(p.description())));
    for (String line : lines) {
      try {
        String.format(
            line.replace("${DEFAULT-VALUE}", "x").replace("${COMPLETION-CANDIDATES}", "x"));
      } catch (java.util.IllegalFormatException e) {
        bad.add(name + ": " + line + " (" + e.getMessage() + ")");
      }
    }
    c.getSubcommands().forEach((k, sub) -> checkDescriptions(sub, name + " " + k, bad));
  }

  /** docs/cli-reference.md is generated (scripts/cli-reference.sh): it must hold every --help. */
  @ParameterizedTest(name = "docs/cli-reference.md holds {0} --help")
  @MethodSource("commands")
  void theReferenceHoldsTheHelpOfEveryCommand(List<String> path) throws Exception {
    if (path.equals(List.of("sim")) || path.get(path.size() - 1).equals("help")) {
      return; // sim's help is the simulator's own; help commands are not listed
    }
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    CliRun run = CliRun.run(ENV, args.toArray(new String[0]));
    String reference =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "cli-reference.md"));
    assertThat(reference)
        .as("docs/cli-reference.md is stale: run scripts/cli-reference.sh > docs/cli-reference.md")
        .contains("```\n" + run.out() + "```\n");
  }

  @ParameterizedTest(name = "help {0}")
  @MethodSource("commands")
  void helpCommandShowsTheSameUsage(List<String> path) {
    List<String> args = new ArrayList<>(List.of("help"));
    args.addAll(path);
    CliRun run = CliRun.run(ENV, args.toArray(new String[0]));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: ssmflow " + String.join(" ", path));
  }

  @Test
  void groupsTakeHelpAndHelpNamesTheRightCommand() {
    for (String group : List.of("params", "schedule")) {
      CliRun run = CliRun.run(ENV, group, "--help");
      assertThat(run.exit()).isZero();
      assertThat(run.out()).startsWith("Usage: ssmflow " + group + " [-h] [COMMAND]");
      assertThat(CliRun.run(ENV, group, "-h").out()).isEqualTo(run.out());
      assertThat(CliRun.run(ENV, "help", group).out()).isEqualTo(run.out());
    }
    assertThat(CliRun.run(ENV, "--help").exit()).isZero();
    assertThat(CliRun.run(ENV, "help").out()).isEqualTo(CliRun.run(ENV, "--help").out());
    CliRun bad = CliRun.rejected(ENV, List.of("params", "push", "--no-such-flag", "x"));
    assertThat(bad.err())
        .contains("(see ssmflow params push --help)")
        .doesNotContain("ssmflow ssmflow");
  }

  @Test
  void unknownCommandsExitTwoWithASuggestionEvenWithAnOptionTheRootKnows() {
    assertThat(
            CliRun.rejected(
                    ENV,
                    List.of("deplyo", "--app", "shop", "--version", "4.0.0", "--env", "staging"))
                .errLines())
        .containsExactly(
            "ssmflow: unknown command 'deplyo': did you mean deploy? (see ssmflow --help)");
    assertThat(CliRun.rejected(ENV, List.of("deplyo", "--help")).err())
        .contains("did you mean deploy?");
    assertThat(CliRun.rejected(ENV, List.of("stauts", "x")).err()).contains("did you mean status?");
    assertThat(CliRun.rejected(ENV, List.of("params", "hist", "/a/b")).err())
        .contains("did you mean history?")
        .contains("(see ssmflow params --help)");
    assertThat(CliRun.rejected(ENV, List.of("schedule", "craete", "w")).err())
        .contains("did you mean create?");
    assertThat(CliRun.rejected(ENV, List.of("help", "parms")).err())
        .contains("did you mean params?");
    assertThat(CliRun.rejected(ENV, List.of("zzzzzz")).err())
        .contains("the commands are approve, audit, cancel");
    CliRun version = CliRun.run(ENV, "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("ssmflow ");
  }

  @Test
  void serviceCommandsOfferOnlyOptionsThatMeanSomethingToThem() {
    CommandLine root = tree();
    assertThat(options(root, "worker"))
        .contains("--address", "--namespace", "--task-queue", "--shutdown-grace")
        .doesNotContain("--output");
    assertThat(options(root, "dev"))
        .contains("--output", "--namespace", "--task-queue")
        .doesNotContain("--address");
    assertThat(options(root, "demo"))
        .doesNotContain("--output", "--address", "--namespace", "--task-queue");
    assertThat(options(root, "codec-server"))
        .contains("--output")
        .doesNotContain("--address", "--namespace", "--task-queue");
    for (String client : List.of("deploy", "patch", "status", "pause", "resume", "cancel")) {
      assertThat(options(root, client))
          .as(client)
          .contains("--output", "--address", "--namespace", "--task-queue", "--verbose", "--help");
    }
    CliRun rejected = CliRun.rejected(ENV, List.of("worker", "--output", "json"));
    assertThat(rejected.err()).contains("Unknown options: '--output'");
  }

  private static Set<String> options(CommandLine root, String command) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec o : root.getSubcommands().get(command).getCommandSpec().options()) {
      names.addAll(List.of(o.names()));
    }
    return names;
  }
}
