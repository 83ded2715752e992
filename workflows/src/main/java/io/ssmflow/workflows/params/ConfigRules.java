package io.ssmflow.workflows.params;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameter Store's limits and ssmflow's naming rules for config pushes, checked by the CLI before
 * anything starts (and again by the workflow, which fails at once on a request that slipped
 * through). Messages never contain a value.
 */
public final class ConfigRules {
  /** Parameter Store: a hierarchy has at most 15 levels. */
  public static final int MAX_LEVELS = 15;

  /** Standard tier: values up to 4 KB (4,096 bytes). */
  public static final int MAX_VALUE_BYTES = 4096;

  /** Parameter Store: names up to 1,011 characters. */
  public static final int MAX_NAME_LENGTH = 1011;

  /** Keeps the workflow input (which carries the values) far below Temporal's 2 MB limit. */
  public static final int MAX_ENTRIES = 500;

  public static final int MAX_TOTAL_VALUE_BYTES = 256 * 1024;

  /**
   * Key names that become SecureString unless --secure-pattern overrides them (and the names the
   * parameter audit calls sensitive). Plain words matched anywhere in the key: a false match only
   * makes a value secure, a missed one leaves a secret in clear.
   */
  public static final List<String> DEFAULT_SECURE_PATTERNS =
      List.of(
          "password",
          "passwd",
          "pwd",
          "passphrase",
          "secret",
          "key",
          "private_key",
          "api_key",
          "token",
          "jwt",
          "auth",
          "credential",
          "dsn",
          "pem",
          "connection_string");

  /**
   * Where the CLI stages secure values for the push that reads them ({@code
   * /_ssmflow/staging/PUSH_ID/N}); not under ssm or aws, which Parameter Store reserves.
   */
  public static final String STAGING_ROOT = "/_ssmflow/staging";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern APP_OR_ENV = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private ConfigRules() {}

  /** Checks an application or environment name (one path level, no reserved prefix). */
  public static void checkPathPart(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (!APP_OR_ENV.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' must be 1-64 of A-Z a-z 0-9 _ . -"
              + " starting with a letter or digit");
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if ("app".equals(what) && (lower.startsWith("aws") || lower.startsWith("ssm"))) {
      throw new IllegalArgumentException(
          "app '" + value + "': parameter paths can't start with" + " aws or ssm");
    }
  }

  /** The parameter name of a key path under {@code /APP/ENV/}, checked. */
  public static String nameFor(String app, String env, List<String> keyPath) {
    String name = "/" + app + "/" + env + "/" + String.join("/", keyPath);
    for (String segment : keyPath) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "key '"
                + String.join(".", keyPath)
                + "': '"
                + segment
                + "' has characters a parameter name cannot hold (allowed: A-Z a-z 0-9 _ . -)");
      }
    }
    checkName(name);
    return name;
  }

  /** Checks a full parameter name: characters, length, depth. */
  public static void checkName(String name) {
    if (name == null || !name.startsWith("/")) {
      throw new IllegalArgumentException("parameter name '" + name + "' must start with /");
    }
    String[] segments = name.substring(1).split("/", -1);
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches()) {
        throw new IllegalArgumentException(
            "parameter name '"
                + name
                + "' has an empty level or"
                + " characters other than A-Z a-z 0-9 _ . - /");
      }
    }
    if (segments.length > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "parameter name '"
              + name
              + "' is "
              + segments.length
              + " levels deep; Parameter Store allows at most "
              + MAX_LEVELS);
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "parameter name '"
              + name.substring(0, 40)
              + "...' is "
              + name.length()
              + " characters; Parameter Store allows at most "
              + MAX_NAME_LENGTH);
    }
  }

  /** The staging parameter of the {@code index}-th secure value of a push. */
  public static String stagingName(String pushWorkflowId, int index) {
    return STAGING_ROOT + "/" + pushWorkflowId + "/" + index;
  }

  /** Checks an entry's name and value size (the message names the parameter, never the value). */
  public static void checkEntry(ConfigEntry e) {
    checkName(e.name());
    if (e.fromStaging()) {
      checkName(e.staged().name());
      if (!e.staged().name().startsWith(STAGING_ROOT + "/") || e.staged().version() < 1) {
        throw new IllegalArgumentException(
            e.name()
                + ": staged value "
                + e.staged().selector()
                + " is not a staging parameter ("
                + STAGING_ROOT
                + "/...)");
      }
      return;
    }
    if (e.value().isEmpty()) {
      throw new IllegalArgumentException(
          e.name() + ": empty value (Parameter Store needs at" + " least one character)");
    }
    int bytes = e.value().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          e.name()
              + ": value is "
              + bytes
              + " bytes; the"
              + " standard tier allows at most "
              + MAX_VALUE_BYTES);
    }
  }

  /** Checks every entry and the totals of a request. */
  public static void checkRequest(ConfigPushRequest r) {
    checkPathPart("app", r.app());
    checkPathPart("env", r.environment());
    if (r.entries().isEmpty()) {
      throw new IllegalArgumentException("the config has no values");
    }
    if (r.entries().size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "the config has " + r.entries().size() + " values; at most " + MAX_ENTRIES + " per push");
    }
    long total = 0;
    String prefix = "/" + r.app() + "/" + r.environment() + "/";
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (ConfigEntry e : r.entries()) {
      checkEntry(e);
      if (!e.name().startsWith(prefix)) {
        throw new IllegalArgumentException(e.name() + " is not under " + prefix);
      }
      if (!seen.add(e.name())) {
        throw new IllegalArgumentException(e.name() + " is given twice");
      }
      total += e.fromStaging() ? 0 : e.value().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > MAX_TOTAL_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "the config's values add up to "
              + total
              + " bytes; at most "
              + MAX_TOTAL_VALUE_BYTES
              + " per push");
    }
  }

  /** One case-insensitive pattern matching any of the given regular expressions. */
  public static Pattern securePattern(List<String> regexes) {
    return securePattern("secure-pattern", regexes);
  }

  /**
   * {@link #securePattern(List)}, naming {@code flag} (e.g. {@code sensitive-pattern}) in the
   * error.
   */
  public static Pattern securePattern(String flag, List<String> regexes) {
    List<String> list = regexes == null || regexes.isEmpty() ? DEFAULT_SECURE_PATTERNS : regexes;
    StringBuilder b = new StringBuilder();
    for (String r : list) {
      try {
        Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            flag + " '" + r + "' is not a regular expression: " + e.getDescription());
      }
      b.append(b.length() == 0 ? "" : "|").append("(?:").append(r).append(')');
    }
    return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE);
  }
}
