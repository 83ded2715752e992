package io.ssmflow.simulator.sns;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The simulator only delivers to this machine: an HTTP/HTTPS endpoint must name {@code localhost}
 * or a loopback IP literal. Other host names are refused without a DNS lookup, so a subscription
 * can never make the simulator send traffic elsewhere.
 */
final class LoopbackEndpoints {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  private LoopbackEndpoints() {}

  static URI require(String protocol, String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw SnsErrors.invalidParameter("Invalid parameter: Endpoint");
    }
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(protocol)) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: Endpoint must match the specified protocol");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw SnsErrors.invalidParameter("Invalid parameter: Endpoint");
    }
    if (!isLoopback(host)) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: Endpoint Reason: "
              + host
              + " is not a loopback address; the simulator only delivers to localhost, 127.0.0.0/8"
              + " or ::1");
    }
    return uri;
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    boolean ipv4 = IPV4.matcher(h).matches();
    if (ipv4) {
      for (String octet : h.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
    } else if (!h.startsWith("[")) {
      return false;
    }
    try {
      // An IP literal is parsed, never resolved.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
