package io.ssmflow.workflows.runbook.doc;

import java.util.List;

/**
 * A parsed and validated runbook: an SSM Automation document (schema 0.3) or an orchestration.
 * Built by {@link DocumentReader}; every name it references exists.
 *
 * @param name the document's name (the file's base name), used in the workflow id
 * @param format Automation document or orchestration
 * @param description free text, or null
 * @param assumeRole accepted as written, unused: ssmflow calls AWS as its worker
 * @param parameters the declared parameters
 * @param steps mainSteps (in order) or the orchestration's steps
 * @param outputs the document's outputs, {@code step.output} each
 */
public record RunbookDocument(
    String name,
    DocumentFormat format,
    String description,
    String assumeRole,
    List<ParameterSpec> parameters,
    List<StepSpec> steps,
    List<String> outputs) {
  public RunbookDocument {
    parameters = List.copyOf(parameters);
    steps = List.copyOf(steps);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }

  /** The step named {@code name}, or null. */
  public StepSpec step(String name) {
    for (StepSpec s : steps) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** The index of the step named {@code name} in the list, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The parameter named {@code name}, or null. */
  public ParameterSpec parameter(String name) {
    for (ParameterSpec p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
