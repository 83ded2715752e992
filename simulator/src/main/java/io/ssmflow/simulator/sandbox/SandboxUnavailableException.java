package io.ssmflow.simulator.sandbox;

/**
 * Shell-mode instances were asked for, but their commands cannot be isolated from the host and
 * running them on the host was not allowed ({@code --unsafe-host-exec}). The message is one line
 * that names the fix.
 */
public final class SandboxUnavailableException extends RuntimeException {
  public SandboxUnavailableException(String reason) {
    super(
        "shell-mode instances run real commands and need bubblewrap to keep them off this"
            + " host, but "
            + reason
            + ": install bubblewrap (Debian/Ubuntu: apt-get install"
            + " bubblewrap; Fedora/RHEL: dnf install bubblewrap), or give --unsafe-host-exec to run"
            + " their commands directly on this host, or use mode: simulated");
  }
}
