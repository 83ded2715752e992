package io.ssmflow.simulator.ssm.params;

import io.ssmflow.simulator.core.AwsException;
import java.util.regex.Pattern;

/**
 * Matches a value against a parameter's AllowedPattern with a time budget. The pattern comes from
 * the caller and the match runs while the store is locked, so a catastrophically backtracking
 * pattern such as {@code (a+)+$} must not be able to stall every other request.
 */
final class PatternCheck {
  private static final long BUDGET_NANOS = 200_000_000L;

  private PatternCheck() {}

  /**
   * True when the whole value matches; throws InvalidAllowedPatternException past the budget or
   * when the match is too deep to evaluate.
   */
  static boolean matches(String pattern, String value) {
    long deadline = System.nanoTime() + BUDGET_NANOS;
    try {
      return Pattern.compile(pattern).matcher(new Budgeted(value, deadline)).matches();
    } catch (OutOfTime | StackOverflowError e) {
      // Java's regex engine recurses per repetition: a deep match overflows the stack.
      throw new AwsException(
          "InvalidAllowedPatternException",
          "The allowed pattern "
              + pattern
              + " takes too long to evaluate. Simplify the regular expression.");
    }
  }

  private static final class OutOfTime extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfTime() {
      super(null, null, false, false);
    }
  }

  /** The value, seen by the regex engine, that gives up once the deadline has passed. */
  private record Budgeted(String text, long deadline) implements CharSequence {
    @Override
    public char charAt(int index) {
      if (System.nanoTime() > deadline) {
        throw new OutOfTime();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
