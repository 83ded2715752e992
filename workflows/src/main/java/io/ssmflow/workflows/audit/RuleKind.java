package io.ssmflow.workflows.audit;

/** How a custom check's rule turns the command's result into findings. */
public enum RuleKind {
  /** One finding per output line (stdout) matching the regex. */
  MATCH,
  /** One finding when no output line matches the regex (something expected is missing). */
  ABSENT,
  /** One finding when the command exits with a code other than 0. */
  EXIT_NONZERO
}
