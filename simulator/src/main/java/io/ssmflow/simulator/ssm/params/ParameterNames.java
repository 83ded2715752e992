package io.ssmflow.simulator.ssm.params;

import io.ssmflow.simulator.core.AwsException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parameter name rules as Parameter Store applies them: a name is either a single segment ({@code
 * db_password}) or a path ({@code /myapp/prod/db_password}) of at most 15 levels, made of {@code
 * a-zA-Z0-9_.-}; names starting with {@code aws} or {@code ssm} are reserved. A single segment
 * given with a leading slash is the same parameter as without it ({@code /x} is stored as {@code
 * x}), as the service does.
 */
final class ParameterNames {
  static final int MAX_NAME_LENGTH = 2048;
  static final int MAX_LEVELS = 15;

  private static final Pattern SEGMENT = Pattern.compile("[a-zA-Z0-9_.\\-]+");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9_.\\-]{1,100}");
  private static final String SYNTAX_MESSAGE =
      "Parameter name: can't be prefixed with \"aws\" or"
          + " \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by"
          + " slash symbol; each sub-path can be formed as a mix of letters, numbers and the following"
          + " 3 symbols .-_";

  private ParameterNames() {}

  /** A name and the optional version or label after {@code :} in {@code name:selector}. */
  record Reference(String name, Long version, String label) {
    boolean hasSelector() {
      return version != null || label != null;
    }

    /** The Selector member of a GetParameter answer, e.g. {@code :3} or {@code :prod}. */
    String selector() {
      return version != null ? ":" + version : label != null ? ":" + label : null;
    }
  }

  /**
   * The canonical form of a name given to PutParameter, after checking every naming rule. Throws
   * the ValidationException (or HierarchyLevelLimitExceededException, or for the public {@code
   * /aws/...} namespace AccessDeniedException) the service answers.
   */
  static String forCreate(String raw) {
    String name = raw.strip();
    if (name.isEmpty()) {
      throw ParameterErrors.constraint(
          "name", name, "Member must have length greater than or equal to 1");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw AwsException.validation(
          "1 validation error detected: Value at 'name' failed to"
              + " satisfy constraint: Member must have length less than or equal to "
              + MAX_NAME_LENGTH);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String unslashed = lower.startsWith("/") ? lower.substring(1) : lower;
    boolean path = name.indexOf('/', 1) > 0;
    if (unslashed.startsWith("aws") || unslashed.startsWith("ssm")) {
      if (path && lower.startsWith("/aws")) {
        throw new AwsException(
            "AccessDeniedException", "No access to reserved parameter name: " + name + ".");
      }
      throw AwsException.validation(
          path
              ? SYNTAX_MESSAGE
              : "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
    }
    if (path && !name.startsWith("/")) {
      throw AwsException.validation("Parameter name must be a fully qualified name.");
    }
    String[] segments = (name.startsWith("/") ? name.substring(1) : name).split("/", -1);
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw AwsException.validation(SYNTAX_MESSAGE);
      }
    }
    if (segments.length > MAX_LEVELS) {
      throw new AwsException(
          "HierarchyLevelLimitExceededException",
          "A hierarchy can have a maximum of 15 levels. For more information, see Requirements"
              + " and constraints for parameter names in the AWS Systems Manager User Guide.");
    }
    return canonical(name);
  }

  /**
   * The name to look a parameter up by: trimmed, a single segment without its leading slash.
   * Lookups do not validate further: an impossible name is simply not found.
   */
  static String canonical(String raw) {
    String name = raw.strip();
    if (name.startsWith("/") && name.indexOf('/', 1) < 0) {
      return name.substring(1);
    }
    return name;
  }

  /**
   * Splits {@code name}, {@code name:7}, {@code name:label} or a parameter ARN ({@code
   * arn:aws:ssm:us-east-1:123456789012:parameter/app/key:7}) into name and selector.
   */
  static Reference reference(String raw) {
    String text = raw.strip();
    if (text.startsWith("arn:")) {
      int marker = text.indexOf(":parameter/");
      if (marker > 0) {
        String rest = text.substring(marker + ":parameter".length());
        // A path ARN keeps its leading slash; a single-segment name has none.
        text = rest.indexOf('/', 1) > 0 ? rest : rest.substring(1);
      }
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new Reference(canonical(text), null, null);
    }
    String name = canonical(text.substring(0, colon));
    String selector = text.substring(colon + 1);
    if (!selector.isEmpty() && selector.chars().allMatch(Character::isDigit)) {
      try {
        return new Reference(name, Long.parseLong(selector), null);
      } catch (NumberFormatException e) {
        return new Reference(name, Long.MAX_VALUE, null);
      }
    }
    return new Reference(name, null, selector);
  }

  /** The number of hierarchy levels of a canonical name ({@code x}: 1, {@code /a/b}: 2). */
  static int levels(String name) {
    String body = name.startsWith("/") ? name.substring(1) : name;
    return body.isEmpty() ? 0 : body.split("/", -1).length;
  }

  /**
   * True when a label may be attached: 1-100 of {@code a-zA-Z0-9_.-}, not starting with a digit,
   * nor with {@code aws} or {@code ssm} in any case.
   */
  static boolean validLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      return false;
    }
    String lower = label.toLowerCase(Locale.ROOT);
    return !Character.isDigit(label.charAt(0))
        && !lower.startsWith("aws")
        && !lower.startsWith("ssm");
  }

  /** The name as a path that always starts with {@code /}, for path and prefix matching. */
  static String rooted(String name) {
    return name.startsWith("/") ? name : "/" + name;
  }

  /**
   * The Path of GetParametersByPath: rooted, of allowed characters, at most {@link #MAX_LEVELS}
   * deep; answered without a trailing slash.
   */
  static String forPath(String raw) {
    String path = raw.strip();
    if (!path.startsWith("/") || path.contains("//") || !path.matches("/[a-zA-Z0-9_.\\-/]*")) {
      throw AwsException.validation(
          "The parameter doesn't meet the parameter name requirements."
              + " The parameter name must begin with a forward slash \"/\". It can't be prefixed"
              + " with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or"
              + " the following symbols: . (period), - (hyphen), _ (underscore). Special characters"
              + " are not allowed. All sub-paths, if specified, must use the forward slash symbol"
              + " \"/\". Valid example: /get/parameters2-/by1./path0_.");
    }
    if (ParameterNames.levels(path) > ParameterNames.MAX_LEVELS) {
      throw new AwsException(
          "HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.");
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** True when {@code name} is under {@code path}: a direct child, or any descendant. */
  static boolean inPath(String name, String path, boolean recursive) {
    String rooted = ParameterNames.rooted(name);
    if (recursive) {
      return path.equals("/") || rooted.startsWith(path + "/");
    }
    String parent = rooted.substring(0, Math.max(1, rooted.lastIndexOf('/')));
    return parent.equals(path);
  }
}
