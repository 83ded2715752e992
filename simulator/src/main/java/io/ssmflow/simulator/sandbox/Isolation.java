package io.ssmflow.simulator.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How shell-mode commands are kept off the host: bubblewrap ({@code bwrap}) with new mount, PID,
 * network, IPC and UTS namespaces, the host's {@code /usr}, {@code /bin}, {@code /lib} and {@code
 * /sbin} read-only, a minimal {@code /etc} and the instance's own {@code /proc/loadavg} and {@code
 * /proc/uptime} (see {@link SystemFiles}), the instance's directories writable, and no
 * capabilities. Inside, a command is root of its own user namespace; on the host it is never uid 0:
 *
 * <ul>
 *   <li>a simulator that is not root runs bwrap with {@code --unshare-user --uid 0 --cap-drop ALL}:
 *       the command is the simulator's uid on the host;
 *   <li>a simulator running as root lets bwrap (which reads the instance's directories as root)
 *       build the sandbox, then drops to uid/gid {@value #SANDBOX_UID} with {@code setpriv}, enters
 *       a user namespace that maps that uid to root with {@code unshare}, and clears the capability
 *       bounding set and sets no_new_privs with {@code setpriv} again. Host uid 0 without
 *       capabilities would still own /proc/sys and every root-owned file.
 * </ul>
 *
 * Detection runs the real command line once per search path ({@code /bin/true} in a scratch
 * instance) and remembers the result, so a bwrap that cannot create namespaces here (a container
 * without user namespaces) counts as missing.
 */
public final class Isolation {
  /** The host uid (and gid) of commands when the simulator runs as root: nobody. */
  public static final int SANDBOX_UID = 65534;

  private static final Map<String, Isolation> DETECTED = new ConcurrentHashMap<>();
  private static final List<String> HOST_RO_DIRS =
      List.of("/usr", "/bin", "/lib", "/lib64", "/lib32", "/libx32", "/sbin");

  private final String bwrap;
  private final String setpriv;
  private final String unshare;
  private final String unavailable;

  private Isolation(String bwrap, String setpriv, String unshare, String unavailable) {
    this.bwrap = bwrap;
    this.setpriv = setpriv;
    this.unshare = unshare;
    this.unavailable = unavailable;
  }

  /** What the directories of one instance are on the host. */
  public record Layout(Path root, List<String> writableDirs, SystemFiles system) {}

  /**
   * The isolation available with the tools on {@code searchPath} (a PATH value; null: this
   * process's PATH). Probed once per search path.
   */
  public static Isolation detect(String searchPath) {
    String path = searchPath != null ? searchPath : System.getenv().getOrDefault("PATH", "");
    return DETECTED.computeIfAbsent(path, Isolation::probe);
  }

  /** True when commands can run isolated. */
  public boolean available() {
    return unavailable == null;
  }

  /** Why commands cannot run isolated ("bwrap (bubblewrap) is not on PATH"), or null. */
  public String unavailableReason() {
    return unavailable;
  }

  /** Who must own what the simulator creates inside instances. */
  public SandboxOwner owner() {
    return available() && setpriv != null
        ? SandboxOwner.of(SANDBOX_UID, SANDBOX_UID)
        : SandboxOwner.PROCESS;
  }

  /** One line for the admin API and logs. */
  public String describe() {
    if (!available()) {
      return "none (" + unavailable + ")";
    }
    return setpriv != null
        ? "bwrap, user namespace, host uid " + SANDBOX_UID
        : "bwrap, user namespace, host uid of the simulator";
  }

  /**
   * The command line that runs {@code argv} inside an instance.
   *
   * @param layout the instance's directories
   * @param hostname the instance's host name
   * @param cwd the working directory inside the instance
   * @param argv the program and its arguments, as seen inside
   */
  public List<String> command(Layout layout, String hostname, String cwd, List<String> argv) {
    if (!available()) {
      throw new IllegalStateException("no isolation: " + unavailable);
    }
    List<String> a = new ArrayList<>(List.of(bwrap));
    for (String dir : HOST_RO_DIRS) {
      a.addAll(List.of(dir.equals("/usr") ? "--ro-bind" : "--ro-bind-try", dir, dir));
    }
    a.addAll(List.of("--ro-bind", layout.system().etc().toString(), "/etc"));
    for (String d : SystemFiles.HOST_ETC_DIRS) {
      a.addAll(List.of("--ro-bind-try", "/etc/" + d, "/etc/" + d));
    }
    for (String f : SystemFiles.HOST_ETC_FILES) {
      a.addAll(List.of("--ro-bind-try", "/etc/" + f, "/etc/" + f));
    }
    for (String dir : layout.writableDirs()) {
      a.addAll(List.of("--bind", layout.root().resolve(dir).toString(), "/" + dir));
    }
    a.addAll(
        List.of(
            "--proc",
            "/proc",
            "--ro-bind",
            layout.system().loadavg().toString(),
            "/proc/loadavg",
            "--ro-bind",
            layout.system().uptime().toString(),
            "/proc/uptime",
            "--dev",
            "/dev",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            hostname,
            "--die-with-parent",
            "--new-session",
            "--chdir",
            cwd));
    if (setpriv == null) {
      a.addAll(List.of("--unshare-user", "--uid", "0", "--gid", "0", "--cap-drop", "ALL", "--"));
    } else {
      String id = Integer.toString(SANDBOX_UID);
      a.addAll(
          List.of(
              "--",
              setpriv,
              "--reuid=" + id,
              "--regid=" + id,
              "--clear-groups",
              "--",
              unshare,
              "--user",
              "--map-root-user",
              "--",
              setpriv,
              "--no-new-privs",
              "--inh-caps=-all",
              "--bounding-set=-all",
              "--"));
    }
    a.addAll(argv);
    return a;
  }

  // ---- detection ----------------------------------------------------------------------------

  private static Isolation probe(String searchPath) {
    String bwrap = find(searchPath, "bwrap");
    if (bwrap == null) {
      return new Isolation(null, null, null, "bwrap (bubblewrap) is not on PATH");
    }
    String setpriv = null;
    String unshare = null;
    if (runningAsRoot()) {
      setpriv = find(searchPath, "setpriv");
      unshare = find(searchPath, "unshare");
      if (setpriv == null
          || unshare == null
          || !visibleInside(setpriv)
          || !visibleInside(unshare)) {
        return new Isolation(
            null,
            null,
            null,
            "the simulator runs as root and needs setpriv"
                + " and unshare (util-linux, under /usr or /bin) to run commands as an unprivileged"
                + " uid");
      }
    }
    Isolation candidate = new Isolation(bwrap, setpriv, unshare, null);
    String failure = candidate.tryOnce();
    return failure == null
        ? candidate
        : new Isolation(null, null, null, "bwrap cannot create its sandbox here (" + failure + ")");
  }

  /** Runs /bin/true in a scratch instance; null when that works, else what went wrong. */
  private String tryOnce() {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("ssmflow-sandbox-probe-");
      Path root = scratch.resolve("root");
      SandboxFiles files = new SandboxFiles(Files.createDirectories(root), owner());
      files.mkdirs(InstancePath.parse("/tmp"));
      SystemFiles system = new SystemFiles(root);
      system.prepare("10.0.0.4", "Linux", "probe", "0.00 0.00 0.00 1/1 1\n", 1);
      List<String> cmd =
          command(new Layout(root, List.of("tmp"), system), "probe", "/tmp", List.of("/bin/true"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      Process p = pb.start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "a test command did not finish in 20 s";
      }
      if (p.exitValue() != 0) {
        String text = new String(out, StandardCharsets.UTF_8).strip();
        return text.isEmpty()
            ? "exit code " + p.exitValue()
            : text.lines().findFirst().orElse(text);
      }
      return null;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      if (scratch != null) {
        SafeTree.deleteQuietly(scratch);
      }
    }
  }

  private static String find(String searchPath, String name) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toAbsolutePath().toString();
      }
    }
    return null;
  }

  /** Whether a host program is also there inside the sandbox (under a read-only bind). */
  private static boolean visibleInside(String program) {
    return HOST_RO_DIRS.stream().anyMatch(d -> program.startsWith(d + "/"));
  }

  /** True when this process's effective uid is 0 (the owner of /proc/self is the euid). */
  public static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
