package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.deploy.DeployCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command run in a context (how the demo runs its steps) ends as on the command line. */
class RunCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CliContext context =
      new CliContext(
          Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"),
          new PrintWriter(out, true),
          new PrintWriter(err, true),
          Duration.ofMillis(200),
          false);

  @Test
  void anUnknownFlagIsBadInputNamingTheCommandsHelp() {
    int code =
        SsmflowCli.runCommand(
            context,
            new DeployCommand(),
            List.of("--app", "shop", "--version", "1.0.0", "--env", "staging", "--nope"));

    assertThat(code).isEqualTo(CliError.BAD_INPUT);
    assertThat(err.toString())
        .startsWith("ssmflow: Unknown option: '--nope'")
        .contains("(see ssmflow deploy --help)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anInvalidValueIsOneLineAndNothingStarts() {
    int code =
        SsmflowCli.runCommand(
            context,
            new DeployCommand(),
            List.of("--app", "shop", "--version", "1.0;rm", "--env", "staging"));

    assertThat(code).isEqualTo(CliError.BAD_INPUT);
    assertThat(err.toString())
        .startsWith("ssmflow: ")
        .contains("version")
        .endsWith("\n")
        .hasLineCount(1);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theContextsEnvironmentChoosesTheTemporalAddress() {
    int code =
        SsmflowCli.runCommand(
            context,
            new DeployCommand(),
            List.of("--app", "shop", "--version", "1.0.0", "--env", "staging"));

    assertThat(code).isEqualTo(CliError.BAD_INPUT);
    assertThat(err.toString()).startsWith("ssmflow: cannot reach Temporal at 127.0.0.1:1");
  }
}
