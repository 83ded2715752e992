package io.ssmflow.cli.codec;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Host header names the codec server answers: localhost, 127.x.x.x, [::1], the address it is
 * bound to, and names given with {@code --allowed-hosts}, with any port. A page on a DNS rebinding
 * domain sends its own name and is refused.
 */
final class RequestHosts {
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final Set<String> names;

  RequestHosts(String bindHost, Set<String> allowedHosts) {
    Set<String> n = new TreeSet<>(Set.of("localhost", "::1"));
    String bind = normalize(bindHost);
    if (bind != null && !bind.equals("0.0.0.0") && !bind.equals("::")) {
      n.add(bind);
    }
    allowedHosts.stream().map(RequestHosts::normalize).filter(h -> h != null).forEach(n::add);
    this.names = Set.copyOf(n);
  }

  Set<String> names() {
    return names;
  }

  /** True when the Host header names this server. */
  boolean allowed(String hostHeader) {
    String name = hostName(hostHeader);
    return name != null && (names.contains(name) || IPV4_LOOPBACK.matcher(name).matches());
  }

  /** The host part of a Host header (no port, no brackets, lower case), or null. */
  static String hostName(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0 || !h.substring(end + 1).matches("(:\\d{1,5})?")) {
        return null;
      }
      return normalize(h.substring(1, end));
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      if (!h.substring(colon).matches(":\\d{1,5}")) {
        return null;
      }
      h = h.substring(0, colon);
    }
    return h.matches("[A-Za-z0-9._-]+") ? normalize(h) : null;
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
    return h.equals("0:0:0:0:0:0:0:1") ? "::1" : h.isEmpty() ? null : h;
  }
}
