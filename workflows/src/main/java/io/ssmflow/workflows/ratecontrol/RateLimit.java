package io.ssmflow.workflows.ratecontrol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSM's MaxConcurrency / MaxErrors value: an absolute number ({@code 10}) or a percentage of the
 * target count ({@code 25%}).
 *
 * <p>MaxConcurrency: a percentage rounds up and is at least 1. MaxErrors: a percentage rounds down
 * ("10%" of 50 is 5, so the run stops at the 6th error).
 */
public record RateLimit(int value, boolean percent) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(%?)");

  /**
   * Parses a MaxConcurrency value: {@code 1..} or {@code 1%..100%}.
   *
   * @throws IllegalArgumentException with a one-line message naming the flag and the rule
   */
  public static RateLimit maxConcurrency(String text) {
    RateLimit r = parse("max-concurrency", text);
    if (r.value < 1) {
      throw new IllegalArgumentException(
          "max-concurrency must be at least 1 or 1%, not '" + text + "'");
    }
    return r;
  }

  /** Parses a MaxErrors value: {@code 0..} or {@code 0%..100%}. */
  public static RateLimit maxErrors(String text) {
    return parse("max-errors", text);
  }

  private static RateLimit parse(String flag, String text) {
    if (text == null) {
      throw new IllegalArgumentException(flag + " is required");
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          flag
              + " must be a whole number or a percentage such"
              + " as 10 or 25%, not '"
              + text
              + "'");
    }
    int value = Integer.parseInt(m.group(1));
    boolean percent = !m.group(2).isEmpty();
    if (percent && value > 100) {
      throw new IllegalArgumentException(
          flag + " percentage must be at most 100%, not '" + text + "'");
    }
    return new RateLimit(value, percent);
  }

  /** How many instances may be in flight at once for {@code targets} targets (at least 1). */
  public int concurrencyFor(int targets) {
    if (!percent) {
      return Math.max(1, value);
    }
    long rounded = ((long) targets * value + 99) / 100;
    return (int) Math.max(1, rounded);
  }

  /** How many errors are tolerated for {@code targets} targets; one more stops the run. */
  public int errorThresholdFor(int targets) {
    return percent ? (int) ((long) targets * value / 100) : value;
  }

  /**
   * A value written as text ({@code 10}, {@code 25%}), as SSM and workflow payloads carry it; the
   * MaxConcurrency / MaxErrors rules apply where the value is used.
   */
  @JsonCreator
  public static RateLimit of(String text) {
    return parse("rate limit", text);
  }

  /** The text SSM accepts, e.g. {@code 25%}. */
  @JsonValue
  public String text() {
    return value + (percent ? "%" : "");
  }

  @Override
  public String toString() {
    return text();
  }
}
