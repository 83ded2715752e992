package io.ssmflow.workflows.wave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wave plan, Ansible's {@code serial} list: {@code 1,5,25%,100%}. Each entry is a number of
 * instances or a percentage of the eligible targets (rounded down, at least 1); the last entry
 * repeats until every instance has a wave. A decreasing list is allowed ({@code 10,1}).
 *
 * @param sizes the entries as written, normalised ({@code 5}, {@code 25%})
 */
public record WavePlan(List<String> sizes) {
  private static final Pattern ENTRY = Pattern.compile("(\\d{1,9})(%?)");

  public WavePlan {
    sizes = List.copyOf(sizes);
  }

  /**
   * Parses {@code --waves}.
   *
   * @throws IllegalArgumentException one line naming the bad entry and the rule
   */
  @JsonCreator
  public static WavePlan parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("waves must list wave sizes such as 1,5,25%,100%");
    }
    String[] parts = text.split(",", -1);
    List<String> sizes = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        throw new IllegalArgumentException("waves '" + text + "': wave " + (i + 1) + " is empty");
      }
      Matcher m = ENTRY.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "waves '"
                + text
                + "': wave "
                + (i + 1)
                + " must be"
                + " a number of instances or a percentage such as 5 or 25%, not '"
                + part
                + "'");
      }
      int value = Integer.parseInt(m.group(1));
      boolean percent = !m.group(2).isEmpty();
      if (value < 1) {
        throw new IllegalArgumentException(
            "waves '"
                + text
                + "': wave "
                + (i + 1)
                + " must be at least 1 or 1%, not '"
                + part
                + "'");
      }
      if (percent && value > 100) {
        throw new IllegalArgumentException(
            "waves '" + text + "': wave " + (i + 1) + " must be at most 100%, not '" + part + "'");
      }
      sizes.add(value + (percent ? "%" : ""));
    }
    return new WavePlan(sizes);
  }

  /** The plan of {@code --canary N}: N instances, then all the others. */
  public static WavePlan canary(int n) {
    return new WavePlan(List.of(Integer.toString(n), "100%"));
  }

  /** One wave of every instance. */
  public static WavePlan single() {
    return new WavePlan(List.of("100%"));
  }

  /** The instance count of each wave for {@code total} instances (the counts sum to total). */
  public List<Integer> countsFor(int total) {
    List<Integer> counts = new ArrayList<>();
    int left = total;
    int i = 0;
    while (left > 0) {
      int n = Math.min(left, sizeFor(sizes.get(Math.min(i, sizes.size() - 1)), total));
      counts.add(n);
      left -= n;
      i++;
    }
    return counts;
  }

  /** The instances of each wave, in order, cut from {@code ids}. */
  public <T> List<List<T>> split(List<T> ids) {
    List<List<T>> waves = new ArrayList<>();
    int from = 0;
    for (int n : countsFor(ids.size())) {
      waves.add(List.copyOf(ids.subList(from, from + n)));
      from += n;
    }
    return waves;
  }

  private static int sizeFor(String entry, int total) {
    if (entry.endsWith("%")) {
      int percent = Integer.parseInt(entry.substring(0, entry.length() - 1));
      return (int) Math.max(1, (long) total * percent / 100);
    }
    return Integer.parseInt(entry);
  }

  /** The text form, e.g. {@code 1,5,25%,100%}. */
  @JsonValue
  public String text() {
    return String.join(",", sizes);
  }

  @Override
  public String toString() {
    return text();
  }
}
