package io.ssmflow.workflows.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a deployment spec's placeholders ({@code {{App}}}, {@code {{Version}}}, {@code {{Env}}},
 * {@code {{PreviousVersion}}}) with validated values. Pure: the CLI calls {@link #validate} before
 * starting anything, the workflow renders once it knows the previous version.
 */
public final class SpecTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final List<String> NAMES = List.of("App", "Version", "Env", "PreviousVersion");

  private SpecTemplates() {}

  /**
   * Checks a spec: at least one step, a health check and a rollback, no unknown placeholder.
   *
   * @throws IllegalArgumentException with one clear line
   */
  public static void validate(DeploymentSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("deployment spec is required");
    }
    if (spec.steps().isEmpty()) {
      throw new IllegalArgumentException("deployment spec has no steps");
    }
    if (spec.healthCheck() == null) {
      throw new IllegalArgumentException("deployment spec has no health check");
    }
    if (spec.rollback() == null) {
      throw new IllegalArgumentException("deployment spec has no rollback");
    }
    for (DeploymentStep step : allSteps(spec)) {
      if (step.name() == null || !TemplateValues.VALUE.matcher(step.name()).matches()) {
        throw new IllegalArgumentException(
            "deployment step name '"
                + step.name()
                + "' is not allowed: use letters, digits and . _ + -");
      }
      if (step.commands().isEmpty()) {
        throw new IllegalArgumentException("step " + step.name() + " has no commands");
      }
      if (step.timeoutSeconds() < 1) {
        throw new IllegalArgumentException("step " + step.name() + ": timeout must be positive");
      }
      for (String line : step.commands()) {
        Matcher m = PLACEHOLDER.matcher(line);
        while (m.find()) {
          if (!NAMES.contains(m.group(1))) {
            throw new IllegalArgumentException(
                "step "
                    + step.name()
                    + ": unknown placeholder {{"
                    + m.group(1)
                    + "}} (known: {{App}}, {{Version}}, {{Env}}, {{PreviousVersion}})");
          }
        }
      }
    }
  }

  /** Validates the spec, then renders every step, the health check and the rollback. */
  public static DeploymentSpec render(DeploymentSpec spec, TemplateValues values) {
    validate(spec);
    List<DeploymentStep> steps = new ArrayList<>();
    for (DeploymentStep step : spec.steps()) {
      steps.add(render(step, values));
    }
    return new DeploymentSpec(
        steps, render(spec.healthCheck(), values), render(spec.rollback(), values));
  }

  /** Renders one step's lines. */
  public static DeploymentStep render(DeploymentStep step, TemplateValues values) {
    Map<String, String> byName =
        Map.of(
            "App",
            values.app(),
            "Version",
            values.version(),
            "Env",
            values.env(),
            "PreviousVersion",
            values.previousVersion());
    List<String> lines = new ArrayList<>();
    for (String line : step.commands()) {
      Matcher m = PLACEHOLDER.matcher(line);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = byName.get(m.group(1));
        if (value == null) {
          throw new IllegalArgumentException(
              "step " + step.name() + ": unknown placeholder {{" + m.group(1) + "}}");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      lines.add(out.toString());
    }
    return new DeploymentStep(
        step.name(), lines, step.timeoutSeconds(), step.attempts(), step.retryDelay());
  }

  private static List<DeploymentStep> allSteps(DeploymentSpec spec) {
    List<DeploymentStep> all = new ArrayList<>(spec.steps());
    all.add(spec.healthCheck());
    all.add(spec.rollback());
    return all;
  }
}
