package io.ssmflow.simulator.http;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may talk to the simulator. Its instances run the commands they are sent, so a web page in the
 * operator's browser must not reach it:
 *
 * <ul>
 *   <li>the Host header must name the simulator: localhost, a 127.x.x.x or [::1] literal, the
 *       address it is bound to, or a name given with {@code --allowed-hosts} (any port, as the SDKs
 *       and CLIs send Host with the port). A page on a rebinding domain sends its own name and is
 *       refused;
 *   <li>no request may carry an Origin header: browsers send one on every cross-site POST (and
 *       fetch), AWS SDKs and CLIs never do;
 *   <li>admin POSTs need a JSON (or, for a fleet, YAML) content type, which a page cannot send
 *       without a CORS preflight that the simulator never grants.
 * </ul>
 */
final class RequestGuard {
  /** Why a request is refused: the HTTP status and one line. */
  record Refusal(int status, String message) {}

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Set<String> JSON_TYPES = Set.of("application/json");
  private static final Set<String> YAML_TYPES =
      Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

  private final Set<String> names;

  /**
   * @param bindHost the address the server listens on (named hosts besides loopback are allowed
   *     when it is a specific address)
   * @param allowedHosts further host names clients may use (for a non-loopback bind)
   */
  RequestGuard(String bindHost, Set<String> allowedHosts) {
    Set<String> n = new TreeSet<>();
    n.add("localhost");
    n.add("::1");
    String bind = normalize(bindHost);
    if (bind != null && !bind.equals("0.0.0.0") && !bind.equals("::")) {
      n.add(bind);
    }
    for (String h : allowedHosts) {
      String a = normalize(h);
      if (a != null) {
        n.add(a);
      }
    }
    this.names = Set.copyOf(n);
  }

  /** The refusal for a request, or null when it may go on. */
  Refusal check(String method, String path, String host, String origin, String contentType) {
    if (host == null || host.isBlank()) {
      return new Refusal(400, "a Host header is required");
    }
    String name = hostName(host);
    if (name == null) {
      return new Refusal(400, "malformed Host header '" + printable(host) + "'");
    }
    if (!allowed(name)) {
      return new Refusal(
          403,
          "Host '"
              + printable(host)
              + "' is not a name of this simulator"
              + " (it answers "
              + String.join(", ", names)
              + ", 127.x.x.x, with any port; more"
              + " with --allowed-hosts)");
    }
    if (origin != null) {
      return new Refusal(
          403,
          "requests from web pages (Origin: "
              + printable(origin)
              + ") are refused: the simulator serves AWS SDKs, CLIs and scripts, not browsers");
    }
    if (path.startsWith("/_sim") && method.equals("POST")) {
      String type = mediaType(contentType);
      boolean yamlAllowed = path.equals("/_sim/fleet");
      if (type == null
          || !(JSON_TYPES.contains(type)
              || type.endsWith("+json")
              || (yamlAllowed && YAML_TYPES.contains(type)))) {
        return new Refusal(
            415,
            "admin POSTs need Content-Type: application/json"
                + (yamlAllowed ? " (or application/yaml)" : "")
                + ", not "
                + (type == null ? "none" : "'" + printable(type) + "'"));
      }
    }
    return null;
  }

  private boolean allowed(String name) {
    return names.contains(name) || IPV4_LOOPBACK.matcher(name).matches();
  }

  /** The host part of a Host header (no port, no brackets, lower case), or null if malformed. */
  static String hostName(String header) {
    String h = header.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return null;
      }
      String rest = h.substring(end + 1);
      if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
        return null;
      }
      return normalize(h.substring(1, end));
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      if (h.indexOf(':', colon + 1) >= 0 || !h.substring(colon).matches(":\\d{1,5}")) {
        return null;
      }
      h = h.substring(0, colon);
    }
    if (!h.matches("[A-Za-z0-9._-]+")) {
      return null;
    }
    return normalize(h);
  }

  private static String normalize(String host) {
    if (host == null || host.isBlank()) {
      return null;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.equals("0:0:0:0:0:0:0:1")) {
      h = "::1";
    }
    return h.isEmpty() ? null : h;
  }

  private static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /** At most 100 printable ASCII characters of a header value, for a message. */
  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }
}
