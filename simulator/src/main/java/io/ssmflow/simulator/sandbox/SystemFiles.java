package io.ssmflow.simulator.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * What an instance sees of its operating system besides its root volume: a minimal {@code /etc}
 * (users, groups, host name, hosts, resolver, os-release; no shadow and nothing of the host's own
 * configuration) and its own {@code /proc/loadavg} and {@code /proc/uptime}, so load checks read
 * the instance's load, not the host's. They live beside the root volume, in a directory the
 * simulator owns and commands see only read-only.
 */
public final class SystemFiles {
  /** Host files bind-mounted read-only over these names of the minimal /etc (when present). */
  public static final String[] HOST_ETC_DIRS = {"alternatives"};

  public static final String[] HOST_ETC_FILES = {"ld.so.cache"};

  private final Path dir;

  /** The system directory that belongs to the instance whose root volume is {@code root}. */
  public SystemFiles(Path root) {
    this.dir = root.toAbsolutePath().resolveSibling("system");
  }

  public Path etc() {
    return dir.resolve("etc");
  }

  public Path loadavg() {
    return dir.resolve("proc").resolve("loadavg");
  }

  public Path uptime() {
    return dir.resolve("proc").resolve("uptime");
  }

  /** The host name EC2 gives an instance with this private address (ip-10-0-0-4). */
  public static String hostname(String privateIp) {
    return "ip-" + privateIp.replace('.', '-');
  }

  /**
   * Writes the minimal /etc (when it is not there yet) and the /proc files for this moment.
   *
   * @param privateIp the instance's private address (its host name derives from it)
   * @param osName the platform name, e.g. Ubuntu or Amazon Linux
   * @param osVersion the platform version, e.g. 22.04
   * @param loadavg the content of /proc/loadavg
   * @param uptimeSeconds the instance's uptime
   */
  public void prepare(
      String privateIp, String osName, String osVersion, String loadavg, double uptimeSeconds)
      throws IOException {
    Path etc = etc();
    if (!Files.isRegularFile(etc.resolve("os-release"))) {
      writeEtc(etc, privateIp, osName, osVersion);
    }
    directory(dir);
    directory(loadavg().getParent());
    write(loadavg(), loadavg);
    write(uptime(), String.format(Locale.ROOT, "%.2f %.2f%n", uptimeSeconds, uptimeSeconds * 0.95));
  }

  private static void writeEtc(Path etc, String privateIp, String osName, String osVersion)
      throws IOException {
    directory(etc.getParent());
    directory(etc);
    String host = hostname(privateIp);
    write(
        etc.resolve("passwd"),
        """
        root:x:0:0:root:/root:/bin/sh
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        ssm-user:x:1001:1001::/home/ssm-user:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        """);
    write(
        etc.resolve("group"),
        """
        root:x:0:
        daemon:x:1:
        ssm-user:x:1001:
        nogroup:x:65534:
        """);
    write(etc.resolve("hostname"), host + "\n");
    write(
        etc.resolve("hosts"),
        "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
            + privateIp
            + " "
            + host
            + ".ec2.internal "
            + host
            + "\n");
    // The Amazon-provided DNS; commands have no network, so nothing answers.
    write(etc.resolve("resolv.conf"), "nameserver 169.254.169.253\nsearch ec2.internal\n");
    write(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
    write(etc.resolve("os-release"), osRelease(osName, osVersion));
    Files.deleteIfExists(etc.resolve("localtime"));
    Files.createSymbolicLink(etc.resolve("localtime"), Path.of("/usr/share/zoneinfo/Etc/UTC"));
    Files.deleteIfExists(etc.resolve("mtab"));
    Files.createSymbolicLink(etc.resolve("mtab"), Path.of("../proc/self/mounts"));
    for (String d : HOST_ETC_DIRS) {
      directory(etc.resolve(d));
    }
    for (String f : HOST_ETC_FILES) {
      write(etc.resolve(f), "");
    }
  }

  static String osRelease(String name, String version) {
    String id =
        name.toLowerCase(Locale.ROOT).startsWith("amazon linux")
            ? "amzn"
            : name.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^-+|-+$", "");
    return "NAME="
        + quote(name)
        + "\nVERSION="
        + quote(version)
        + "\nID="
        + (id.isEmpty() ? "linux" : id)
        + "\nVERSION_ID="
        + quote(version)
        + "\nPRETTY_NAME="
        + quote(name + " " + version)
        + "\n";
  }

  /** A value quoted as os-release(5) wants it. */
  private static String quote(String value) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\' || c == '$' || c == '`') {
        b.append('\\');
      }
      if (c >= 0x20) {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Readable by everyone: with a uid drop, commands read these as another uid. */
  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static void directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
