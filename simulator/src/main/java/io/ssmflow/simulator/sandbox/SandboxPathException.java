package io.ssmflow.simulator.sandbox;

import java.io.IOException;

/**
 * A path inside an instance that the simulator refuses to use: a symbolic link, a file where a
 * directory is needed, a special file, a file above a size limit. The message names the path as the
 * instance sees it, never a host path, so it can be shown to clients.
 */
public class SandboxPathException extends IOException {
  public SandboxPathException(String message) {
    super(message);
  }

  /** A file larger than what the caller reads. */
  public static final class TooLarge extends SandboxPathException {
    public TooLarge(String message) {
      super(message);
    }
  }
}
