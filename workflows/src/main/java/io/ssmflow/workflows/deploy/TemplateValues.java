package io.ssmflow.workflows.deploy;

import java.util.regex.Pattern;

/**
 * The values a deployment spec's placeholders are rendered with, each checked against a strict
 * pattern so that nothing interpolated into a shell line can carry shell syntax (docs/design.md
 * §4.9).
 *
 * @param app the application ({@code {{App}}})
 * @param version the version being deployed ({@code {{Version}}})
 * @param env the environment ({@code {{Env}}})
 * @param previousVersion the version recorded before ({@code {{PreviousVersion}}}); null or blank
 *     renders as the literal {@code none}
 */
public record TemplateValues(String app, String version, String env, String previousVersion) {
  /** What every value must match: a letter or digit, then letters, digits and {@code ._+-}. */
  public static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  /** What {@code {{PreviousVersion}}} renders as when no version was recorded. */
  public static final String NONE = "none";

  public TemplateValues {
    check("app", app);
    check("version", version);
    check("env", env);
    previousVersion =
        previousVersion == null || previousVersion.isBlank() ? NONE : previousVersion.trim();
    check("previous version", previousVersion);
  }

  /** Throws a one-line IllegalArgumentException unless {@code value} matches {@link #VALUE}. */
  public static void check(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (!VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + printable(value)
              + "' is not allowed: use"
              + " 1 to 128 of A-Z a-z 0-9 . _ + - starting with a letter or digit");
    }
  }

  private static String printable(String value) {
    String clipped = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }
}
