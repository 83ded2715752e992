package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs AWS-RunShellScript for real with /bin/sh, as the SSM agent does: the script is written to
 * the agent's orchestration directory inside the instance, stdout and stderr go to files next to
 * it, and the execution timeout kills the whole process tree. With bubblewrap each command sees
 * only its own instance: the host's /usr, /bin, /lib, /lib64, /sbin and /etc read-only, the
 * instance's sandbox writable at /opt, /var, /srv, /home and /tmp, its own /proc and /dev, and
 * no network.
 */
final class ShellRunner {
  private static final Logger log = LoggerFactory.getLogger(ShellRunner.class);
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** How a script run ended. {@code timedOut}: killed by the execution timeout. */
  record Result(int exitCode, boolean timedOut, String stdout, String stderr) {}

  private final String bwrap;
  private volatile boolean bwrapUsable;
  private volatile boolean probed;

  private ShellRunner(String bwrap) {
    this.bwrap = bwrap;
    this.bwrapUsable = bwrap != null;
  }

  /** Finds bwrap on PATH; without it, warns once that absolute paths reach the host. */
  static ShellRunner detect() {
    String found = null;
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bwrap"))) {
          found = Path.of(dir, "bwrap").toString();
          break;
        }
      }
    }
    if (found == null) {
      warnUnisolated("bwrap (bubblewrap) is not on PATH");
    }
    return new ShellRunner(found);
  }

  private static void warnUnisolated(String why) {
    log.warn("{}: shell-mode commands run with the instance sandbox as working directory but"
        + " are NOT isolated; absolute paths (/opt, /etc, ...) reach the host. Install"
        + " bubblewrap for per-instance filesystems.", why);
  }

  boolean isolated() {
    probe();
    return bwrapUsable;
  }

  /** The orchestration directory of a command on an instance, as the agent names it. */
  static String orchestrationDir(String instanceId, String commandId) {
    return "/var/lib/amazon/ssm/" + instanceId + "/document/orchestration/" + commandId
        + "/awsrunShellScript/0.awsrunShellScript";
  }

  /**
   * Runs the script and waits for it (up to {@code timeoutMillis}). {@code attach} sees the
   * process once started; when it answers false (the invocation was cancelled meanwhile) the
   * process is killed at once.
   */
  Result run(Instance instance, String commandId, String region,
      RunDocument.ShellScript doc, long timeoutMillis, Predicate<Process> attach)
      throws IOException, InterruptedException {
    Path sandbox = Fleet.ensureSandbox(instance).toAbsolutePath();
    String orch = orchestrationDir(instance.id(), commandId);
    Path hostOrch = sandbox.resolve(orch.substring(1));
    Files.createDirectories(hostOrch);
    Path script = hostOrch.resolve("_script.sh");
    Files.writeString(script, doc.text() + "\n", StandardCharsets.UTF_8);
    Path stdout = hostOrch.resolve("stdout");
    Path stderr = hostOrch.resolve("stderr");
    String cwd = doc.workingDirectory().isEmpty() ? orch : doc.workingDirectory();

    List<String> cmd = new ArrayList<>();
    ProcessBuilder pb = new ProcessBuilder();
    if (isolated()) {
      cmd.addAll(bwrapArgs(sandbox));
      cmd.add("--chdir");
      cmd.add(cwd);
      cmd.add("/bin/sh");
      cmd.add(orch + "/_script.sh");
      pb.directory(hostOrch.toFile());
    } else {
      Path hostCwd = Fleet.hostPath(instance, cwd).orElse(null);
      if (hostCwd == null || !Files.isDirectory(hostCwd)) {
        return new Result(1, false, "",
            "/bin/sh: 1: cd: can't cd to " + cwd + ": No such file or directory");
      }
      cmd.add("/bin/sh");
      cmd.add(script.toString());
      pb.directory(hostCwd.toFile());
    }
    pb.command(cmd);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", PATH);
    env.put("INSTANCE_ID", instance.id());
    env.put("AWS_SSM_INSTANCE_ID", instance.id());
    env.put("AWS_SSM_REGION_NAME", region);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(stdout.toFile());
    pb.redirectError(stderr.toFile());

    Process p = pb.start();
    boolean exited;
    try {
      if (!attach.test(p)) {
        kill(p);
      }
      exited = p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
      if (!exited) {
        kill(p);
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    return new Result(exited ? p.exitValue() : 137, !exited,
        OutputText.readHead(stdout, OutputText.MAX_STDOUT),
        OutputText.readHead(stderr, OutputText.MAX_STDERR));
  }

  private List<String> bwrapArgs(Path sandbox) {
    List<String> a = new ArrayList<>(List.of(bwrap,
        "--ro-bind", "/usr", "/usr",
        "--ro-bind-try", "/bin", "/bin",
        "--ro-bind-try", "/lib", "/lib",
        "--ro-bind-try", "/lib64", "/lib64",
        "--ro-bind-try", "/sbin", "/sbin",
        "--ro-bind", "/etc", "/etc"));
    for (String dir : Instance.WRITABLE_DIRS) {
      a.add("--bind");
      a.add(sandbox.resolve(dir).toString());
      a.add("/" + dir);
    }
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--unshare-net", "--unshare-pid",
        "--die-with-parent"));
    return a;
  }

  /** Checks once that bwrap can create the namespaces it needs here; falls back if not. */
  private void probe() {
    if (probed || bwrap == null) {
      return;
    }
    synchronized (this) {
      if (probed) {
        return;
      }
      try {
        Process p = new ProcessBuilder(bwrap, "--ro-bind", "/", "/", "--proc", "/proc",
            "--dev", "/dev", "--unshare-net", "--unshare-pid", "--die-with-parent", "/bin/true")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          bwrapUsable = false;
          warnUnisolated("bwrap is installed but cannot create namespaces here (" + out.trim()
              + ")");
        }
      } catch (IOException e) {
        bwrapUsable = false;
        warnUnisolated("bwrap cannot be started (" + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      probed = true;
    }
  }

  /** Kills a process and everything it started. */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
