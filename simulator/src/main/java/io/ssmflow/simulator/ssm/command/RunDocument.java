package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.core.AwsException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command document SendCommand can run, with its parameters validated the way SSM validates them
 * against the document's parameter definitions.
 */
sealed interface RunDocument permits RunDocument.ShellScript, RunDocument.PatchBaseline {
  String RUN_SHELL_SCRIPT = "AWS-RunShellScript";
  String RUN_PATCH_BASELINE = "AWS-RunPatchBaseline";

  String name();

  /** The text fault rules match on. */
  String text();

  /** The execution timeout the agent applies, in seconds. */
  int executionTimeoutSeconds();

  /** The document's steps (plugins) in order, as ListCommandInvocations Details names them. */
  List<String> steps();

  /** The step that runs on a platform, or null when the document does not support it. */
  String stepFor(String platformType);

  /** Parses the document name and parameters of a SendCommand request. */
  static RunDocument parse(String name, Map<String, List<String>> params) {
    return switch (name) {
      case RUN_SHELL_SCRIPT -> ShellScript.parse(params);
      case RUN_PATCH_BASELINE -> PatchBaseline.parse(params);
      default ->
          throw new AwsException(
              "InvalidDocument",
              "Document with name "
                  + name
                  + " does not exist. The simulator runs "
                  + RUN_SHELL_SCRIPT
                  + " and "
                  + RUN_PATCH_BASELINE
                  + ".");
    };
  }

  /**
   * AWS-RunShellScript (schema 1.2, one plugin aws:runShellScript; Linux and macOS).
   *
   * @param commands the lines of the script
   * @param executionTimeout seconds, 1..172800 (default 3600)
   * @param workingDirectory where the script runs; empty for the agent's default
   */
  record ShellScript(List<String> commands, int executionTimeout, String workingDirectory)
      implements RunDocument {
    static final String PLUGIN = "aws:runShellScript";

    static ShellScript parse(Map<String, List<String>> params) {
      allowOnly(
          params, Set.of("commands", "executionTimeout", "workingDirectory"), RUN_SHELL_SCRIPT);
      List<String> commands = params.get("commands");
      if (commands == null || commands.isEmpty()) {
        throw invalid(
            "Parameter \"commands\" is required by document "
                + RUN_SHELL_SCRIPT
                + " and must be a non-empty list.");
      }
      String timeout = single(params, "executionTimeout", "3600");
      int seconds;
      try {
        seconds = Integer.parseInt(timeout.trim());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 1 || seconds > 172_800 || !timeout.trim().equals(timeout)) {
        throw invalid(
            "Parameter \"executionTimeout\" \""
                + timeout
                + "\" does not match the"
                + " allowed pattern: a number of seconds between 1 and 172800.");
      }
      return new ShellScript(
          List.copyOf(commands), seconds, single(params, "workingDirectory", ""));
    }

    @Override
    public String name() {
      return RUN_SHELL_SCRIPT;
    }

    @Override
    public String text() {
      return String.join("\n", commands);
    }

    @Override
    public int executionTimeoutSeconds() {
      return executionTimeout;
    }

    @Override
    public List<String> steps() {
      return List.of(PLUGIN);
    }

    @Override
    public String stepFor(String platformType) {
      return "Windows".equals(platformType) ? null : PLUGIN;
    }
  }

  /**
   * AWS-RunPatchBaseline (schema 2.2, steps PatchWindows, PatchLinux, PatchMacOS, each with a
   * platform precondition; the agent runs the one matching the instance and skips the others).
   */
  record PatchBaseline(String operation, String rebootOption, String snapshotId)
      implements RunDocument {
    static final List<String> STEPS = List.of("PatchWindows", "PatchLinux", "PatchMacOS");

    /** The patching step's timeoutSeconds in the AWS document. */
    static final int EXECUTION_TIMEOUT = 7200;

    static PatchBaseline parse(Map<String, List<String>> params) {
      allowOnly(
          params,
          Set.of(
              "Operation",
              "SnapshotId",
              "InstallOverrideList",
              "RebootOption",
              "BaselineOverride",
              "AssociationId"),
          RUN_PATCH_BASELINE);
      String operation = single(params, "Operation", "Scan");
      if (!operation.equals("Scan") && !operation.equals("Install")) {
        throw invalid(
            "Parameter \"Operation\" must be one of [Scan, Install], not \"" + operation + "\".");
      }
      String reboot = single(params, "RebootOption", "RebootIfNeeded");
      if (!reboot.equals("RebootIfNeeded") && !reboot.equals("NoReboot")) {
        throw invalid(
            "Parameter \"RebootOption\" must be one of [RebootIfNeeded, NoReboot],"
                + " not \""
                + reboot
                + "\".");
      }
      String snapshot = single(params, "SnapshotId", "");
      // As in the AWS document: a GUID naming the patch snapshot, not an EBS snapshot id.
      if (!snapshot.isEmpty()
          && !snapshot.matches(
              "[{]?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}"
                  + "-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}[}]?")) {
        throw invalid(
            "Parameter \"SnapshotId\" \""
                + snapshot
                + "\" does not match the"
                + " allowed pattern: a GUID such as 521c3536-930c-4aa9-950e-01234c1a9e1b (the"
                + " patch snapshot id, not an EBS snapshot id).");
      }
      return new PatchBaseline(operation, reboot, snapshot);
    }

    @Override
    public String name() {
      return RUN_PATCH_BASELINE;
    }

    @Override
    public String text() {
      return RUN_PATCH_BASELINE + " Operation=" + operation + " RebootOption=" + rebootOption;
    }

    @Override
    public int executionTimeoutSeconds() {
      return EXECUTION_TIMEOUT;
    }

    @Override
    public List<String> steps() {
      return STEPS;
    }

    @Override
    public String stepFor(String platformType) {
      return switch (platformType) {
        case "Windows" -> "PatchWindows";
        case "MacOS" -> "PatchMacOS";
        default -> "PatchLinux";
      };
    }

    /** The platform a step's precondition asks for. */
    static String platformOf(String step) {
      return switch (step) {
        case "PatchWindows" -> "Windows";
        case "PatchMacOS" -> "MacOS";
        default -> "Linux";
      };
    }
  }

  private static void allowOnly(
      Map<String, List<String>> params, Set<String> known, String document) {
    for (String p : params.keySet()) {
      if (!known.contains(p)) {
        throw invalid(
            "Parameter \""
                + p
                + "\" is not defined in document "
                + document
                + " (known: "
                + String.join(", ", new java.util.TreeSet<>(known))
                + ").");
      }
    }
  }

  private static String single(Map<String, List<String>> params, String name, String fallback) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return fallback;
    }
    if (values.size() > 1) {
      throw invalid(
          "Parameter \"" + name + "\" takes a single value, not a list of " + values.size() + ".");
    }
    return values.get(0);
  }

  private static AwsException invalid(String message) {
    return new AwsException("InvalidParameters", message);
  }
}
