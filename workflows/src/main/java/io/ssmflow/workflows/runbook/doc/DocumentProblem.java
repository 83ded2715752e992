package io.ssmflow.workflows.runbook.doc;

import java.util.List;

/**
 * One thing wrong with a runbook, where it is and the rule it breaks.
 *
 * @param path the location in the document, e.g. {@code ["mainSteps", 2, "inputs", "Api"]}
 * @param step the name of the step it is in, or null
 * @param message the rule, e.g. {@code Api DescribeInstance is not an EC2 operation}
 */
public record DocumentProblem(List<Object> path, String step, String message) {
  public DocumentProblem {
    path = List.copyOf(path);
  }

  /** {@code mainSteps[2] (restart).inputs.Api}, or {@code (document)} at the top. */
  public String location() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      Object p = path.get(i);
      if (p instanceof Integer n) {
        b.append('[').append(n).append(']');
        if (i == 1 && step != null) {
          b.append(" (").append(step).append(')');
        }
      } else {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(p);
      }
    }
    return b.length() == 0 ? "(document)" : b.toString();
  }

  /** The JSON pointer of the location, e.g. {@code /mainSteps/2/inputs/Api}. */
  public String pointer() {
    StringBuilder b = new StringBuilder();
    for (Object p : path) {
      b.append('/').append(String.valueOf(p).replace("~", "~0").replace("/", "~1"));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return location() + ": " + message;
  }
}
