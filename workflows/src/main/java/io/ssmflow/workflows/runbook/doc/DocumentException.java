package io.ssmflow.workflows.runbook.doc;

import java.util.List;

/** A runbook that cannot run: every problem found, the first one in the message. */
public final class DocumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<DocumentProblem> problems;

  public DocumentException(List<DocumentProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<DocumentProblem> problems() {
    return problems;
  }

  private static String message(List<DocumentProblem> problems) {
    if (problems.isEmpty()) {
      return "invalid document";
    }
    String first = problems.get(0).toString();
    return problems.size() == 1
        ? first
        : first
            + " (and "
            + (problems.size() - 1)
            + " more problem"
            + (problems.size() == 2 ? "" : "s")
            + ")";
  }
}
