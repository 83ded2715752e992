package io.ssmflow.cli.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ssmflow.cli.Durations;
import io.ssmflow.cli.InputFiles;
import io.ssmflow.workflows.deploy.DeploymentSpec;
import io.ssmflow.workflows.deploy.DeploymentStep;
import io.ssmflow.workflows.deploy.SpecTemplates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a deployment spec YAML file ({@code --spec}):
 *
 * <pre>
 * steps:                      # in order, at least one
 *   - name: stop
 *     commands: ["systemctl stop {{App}}"]
 *     timeoutSeconds: 120     # optional, default 300
 *     attempts: 1             # optional, default 1
 *     retryDelay: 2s          # optional, default 0s
 * healthCheck: {name: health, commands: [...], attempts: 5, retryDelay: 2s}   # required
 * rollback: {name: rollback, commands: [...]}                                 # required
 * </pre>
 *
 * Every problem is reported as one line naming the file.
 */
public final class SpecFile {
  static final int DEFAULT_TIMEOUT_SECONDS = 300;

  /** More steps than this is a mistake, and each step costs history events per instance. */
  public static final int MAX_STEPS = 100;

  /** SSM's largest executionTimeout: 48 hours. */
  static final int MAX_TIMEOUT_SECONDS = 172_800;

  static final int MAX_ATTEMPTS = 100;
  static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("steps", "healthCheck", "rollback");
  private static final Set<String> STEP =
      Set.of("name", "commands", "timeoutSeconds", "attempts", "retryDelay");

  private SpecFile() {}

  /** Parses and validates the file; throws IllegalArgumentException with one line. */
  public static DeploymentSpec read(Path file) {
    String text;
    try {
      text = InputFiles.readYaml(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec " + e.getMessage());
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec " + file + ": " + e.getMessage());
    }
  }

  /** Parses and validates YAML text; throws IllegalArgumentException with one line. */
  public static DeploymentSpec parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new IllegalArgumentException(
          "not valid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "must be a YAML mapping with steps, healthCheck and" + " rollback");
    }
    unknownKeys(root, TOP, "top level");
    JsonNode steps = root.get("steps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) {
      throw new IllegalArgumentException("steps must be a non-empty list");
    }
    if (steps.size() > MAX_STEPS) {
      throw new IllegalArgumentException(
          "steps has " + steps.size() + " steps; a spec has at" + " most " + MAX_STEPS);
    }
    List<DeploymentStep> list = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      list.add(step(steps.get(i), "steps[" + i + "]", null));
    }
    JsonNode health = root.get("healthCheck");
    if (health == null || health.isNull()) {
      throw new IllegalArgumentException("no healthCheck: a deployment must verify each instance");
    }
    JsonNode rollback = root.get("rollback");
    if (rollback == null || rollback.isNull()) {
      throw new IllegalArgumentException("no rollback: a failed instance must be restorable");
    }
    DeploymentSpec spec =
        new DeploymentSpec(
            list, step(health, "healthCheck", "health"), step(rollback, "rollback", "rollback"));
    SpecTemplates.validate(spec);
    return spec;
  }

  private static DeploymentStep step(JsonNode node, String where, String defaultName) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping with name and commands");
    }
    unknownKeys(node, STEP, where);
    String name = node.hasNonNull("name") ? node.get("name").asText() : defaultName;
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(where + " has no name");
    }
    JsonNode commands = node.get("commands");
    List<String> lines = new ArrayList<>();
    if (commands != null && commands.isTextual()) {
      commands.asText().lines().filter(l -> !l.isBlank()).forEach(lines::add);
    } else if (commands != null && commands.isArray()) {
      for (JsonNode c : commands) {
        if (!c.isValueNode()) {
          throw new IllegalArgumentException(where + " (" + name + "): commands must be strings");
        }
        lines.add(c.asText());
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(where + " (" + name + ") has no commands");
    }
    int timeout = integer(node, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS, where);
    if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          where
              + " ("
              + name
              + "): timeoutSeconds must be between"
              + " 1 and "
              + MAX_TIMEOUT_SECONDS
              + " (48 hours, SSM's limit), not "
              + timeout);
    }
    int attempts = integer(node, "attempts", 1, where);
    if (attempts < 1 || attempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          where
              + " ("
              + name
              + "): attempts must be between 1"
              + " and "
              + MAX_ATTEMPTS
              + ", not "
              + attempts);
    }
    Duration delay =
        node.hasNonNull("retryDelay")
            ? Durations.parse(
                where + ".retryDelay",
                node.get("retryDelay").asText(),
                Duration.ZERO,
                MAX_RETRY_DELAY)
            : Duration.ZERO;
    return new DeploymentStep(name, lines, timeout, attempts, delay);
  }

  private static int integer(JsonNode node, String field, int fallback, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(
          where + "." + field + " must be a whole number, not '" + v.asText() + "'");
    }
    return v.asInt();
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key '"
                + key
                + "' in "
                + where
                + " (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }
}
