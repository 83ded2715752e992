package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.sandbox.InstancePath;
import io.ssmflow.simulator.sandbox.Isolation;
import io.ssmflow.simulator.sandbox.SandboxFiles;
import io.ssmflow.simulator.sandbox.SandboxUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs AWS-RunShellScript for real with /bin/sh, as the SSM agent does: the script is written to
 * the agent's orchestration directory inside the instance, stdout and stderr go to files next to
 * it, and the execution timeout kills the whole process tree. Commands run in the instance's
 * sandbox ({@link Isolation}); with {@code --unsafe-host-exec} and no bubblewrap they run on the
 * host with the instance's root filesystem as working directory only.
 *
 * <p>Every file the runner touches inside the instance is created without following links ({@link
 * SandboxFiles}): the instance owns that tree and may have planted links in it.
 */
final class ShellRunner {
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** How a script run ended. {@code timedOut}: killed by the execution timeout. */
  record Result(int exitCode, boolean timedOut, String stdout, String stderr) {}

  private final Isolation isolation;
  private final boolean unsafeHostExec;

  /**
   * @param isolation the sandbox to run commands in (may be unavailable)
   * @param unsafeHostExec whether commands may run on the host when there is no sandbox
   */
  ShellRunner(Isolation isolation, boolean unsafeHostExec) {
    this.isolation = isolation;
    this.unsafeHostExec = unsafeHostExec;
  }

  boolean isolated() {
    return isolation.available();
  }

  /** One line for the admin API: how commands are isolated. */
  String describe() {
    if (isolation.available()) {
      return isolation.describe();
    }
    return unsafeHostExec
        ? "none: --unsafe-host-exec, commands run on the host"
        : isolation.describe();
  }

  /** The orchestration directory of a command on an instance, as the agent names it. */
  static String orchestrationDir(String instanceId, String commandId) {
    return "/var/lib/amazon/ssm/"
        + instanceId
        + "/document/orchestration/"
        + commandId
        + "/awsrunShellScript/0.awsrunShellScript";
  }

  /**
   * Runs the script and waits for it (up to {@code timeoutMillis}). {@code attach} sees the process
   * once started; when it answers false (the invocation was cancelled meanwhile) the process is
   * killed at once.
   */
  Result run(
      Instance instance,
      String commandId,
      String region,
      RunDocument.ShellScript doc,
      long timeoutMillis,
      Predicate<Process> attach)
      throws IOException, InterruptedException {
    if (!isolation.available() && !unsafeHostExec) {
      throw new IOException(
          new SandboxUnavailableException(isolation.unavailableReason()).getMessage());
    }
    Fleet.ensureSandbox(instance);
    SandboxFiles files = instance.files();
    String orch = orchestrationDir(instance.id(), commandId);
    InstancePath orchPath = InstancePath.parse(orch);
    files.mkdirs(orchPath);
    files.write(
        orchPath.resolve("_script.sh"), (doc.text() + "\n").getBytes(StandardCharsets.UTF_8));
    String cwd = doc.workingDirectory().isEmpty() ? orch : doc.workingDirectory();
    try (SandboxFiles.Created stdout = files.createNew(orchPath.resolve("stdout"));
        SandboxFiles.Created stderr = files.createNew(orchPath.resolve("stderr"))) {
      ProcessBuilder pb = new ProcessBuilder();
      if (isolation.available()) {
        var system = instance.system();
        double uptime = instance.uptime().toMillis() / 1000.0;
        system.prepare(
            instance.privateIpAddress(),
            instance.platformName(),
            instance.platformVersion(),
            instance.loadAverage().procText(ThreadLocalRandom.current().nextInt(1000, 32000)),
            uptime);
        pb.command(
            isolation.command(
                new Isolation.Layout(
                    instance.sandbox().toAbsolutePath(), Instance.WRITABLE_DIRS, system),
                instance.hostname(),
                cwd,
                List.of("/bin/sh", orch + "/_script.sh")));
        pb.directory(instance.sandbox().toFile());
      } else {
        Path hostCwd;
        try {
          hostCwd = files.existingDirectory(InstancePath.parse(cwd));
        } catch (IOException | IllegalArgumentException e) {
          return new Result(
              1, false, "", "/bin/sh: 1: cd: can't cd to " + cwd + ": No such file or directory");
        }
        pb.command(
            new ArrayList<>(
                List.of("/bin/sh", files.hostPath(orchPath.resolve("_script.sh")).toString())));
        pb.directory(hostCwd.toFile());
      }
      Map<String, String> env = pb.environment();
      env.clear();
      env.put("PATH", PATH);
      env.put("INSTANCE_ID", instance.id());
      env.put("AWS_SSM_INSTANCE_ID", instance.id());
      env.put("AWS_SSM_REGION_NAME", region);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      // No process of this instance runs now (one command at a time, and the sandbox's PID
      // namespace ended with the last one), so nothing can swap these names before the start.
      pb.redirectOutput(stdout.hostPath().toFile());
      pb.redirectError(stderr.hostPath().toFile());

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
      // Read through the descriptors opened at creation: a command that replaced the files
      // with links cannot make the simulator read anything else.
      stdout.channel().position(0);
      stderr.channel().position(0);
      return new Result(
          exited ? p.exitValue() : 137,
          !exited,
          OutputText.readHead(Channels.newInputStream(stdout.channel()), OutputText.MAX_STDOUT),
          OutputText.readHead(Channels.newInputStream(stderr.channel()), OutputText.MAX_STDERR));
    }
  }

  /** Kills a process and everything it started. */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
