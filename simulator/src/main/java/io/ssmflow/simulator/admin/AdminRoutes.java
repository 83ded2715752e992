package io.ssmflow.simulator.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin API's routing table ({@code /_sim/...}). Each part of the simulator registers the
 * routes for its own state, e.g. {@code routes.add("GET", "/_sim/instances/{id}", handler)}.
 */
public final class AdminRoutes {
  private record Route(String method, String[] segments, String pattern, AdminHandler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  public void add(String method, String pattern, AdminHandler handler) {
    routes.add(new Route(method, split(pattern), pattern, handler));
  }

  /** The registered routes as {@code METHOD pattern}, for the index page. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    routes.forEach(r -> out.add(r.method() + " " + r.pattern()));
    return out;
  }

  /** The handler for a request and the path variables it binds, or null when none matches. */
  public Match match(String method, String path) {
    String[] parts = split(path);
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> vars = bind(route.segments(), parts);
      if (vars == null) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(method)) {
        return new Match(route.handler(), vars);
      }
    }
    if (pathKnown) {
      throw new AdminException(405, "method " + method + " not allowed on " + path);
    }
    return null;
  }

  public record Match(AdminHandler handler, Map<String, String> vars) {}

  private static Map<String, String> bind(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        vars.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return vars;
  }

  private static String[] split(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
  }
}
