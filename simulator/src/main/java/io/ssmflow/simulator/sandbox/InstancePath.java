package io.ssmflow.simulator.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * An absolute path inside an instance ({@code /opt/shop/VERSION}), checked as text: absolute, no
 * {@code ..}, no NUL, at most {@value #MAX_LENGTH} characters. Empty and {@code .} segments are
 * dropped. Whether it stays inside the instance on disk is decided when it is walked (see {@link
 * SandboxFiles}): text alone cannot tell a directory from a symbolic link.
 */
public record InstancePath(String text, List<String> names) {
  static final int MAX_LENGTH = 4096;

  public InstancePath {
    names = List.copyOf(names);
  }

  /** Parses an absolute path; {@link IllegalArgumentException} names what is wrong. */
  public static InstancePath parse(String absolutePath) {
    if (absolutePath == null || !absolutePath.startsWith("/")) {
      throw new IllegalArgumentException("'" + absolutePath + "' is not an absolute path");
    }
    if (absolutePath.length() > MAX_LENGTH || absolutePath.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "path is longer than " + MAX_LENGTH + " characters or holds a NUL");
    }
    List<String> names = new ArrayList<>();
    for (String segment : absolutePath.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw new IllegalArgumentException(absolutePath + " contains '..'");
      }
      names.add(segment);
    }
    return new InstancePath("/" + String.join("/", names), names);
  }

  /** The instance root itself ({@code /}). */
  public boolean isRoot() {
    return names.isEmpty();
  }

  /** The first segment ({@code opt} for {@code /opt/shop}), or "" for the root. */
  public String top() {
    return names.isEmpty() ? "" : names.get(0);
  }

  /** The last segment. */
  public String fileName() {
    return names.isEmpty() ? "" : names.get(names.size() - 1);
  }

  /** The path of the directory that holds this one. */
  public InstancePath parent() {
    if (names.isEmpty()) {
      return this;
    }
    List<String> p = names.subList(0, names.size() - 1);
    return new InstancePath("/" + String.join("/", p), p);
  }

  /** This path with one more segment (a plain name, no '/'). */
  public InstancePath resolve(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("'" + name + "' is not a file name");
    }
    List<String> n = new ArrayList<>(names);
    n.add(name);
    return new InstancePath("/" + String.join("/", n), n);
  }

  @Override
  public String toString() {
    return text;
  }
}
