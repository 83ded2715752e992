package io.ssmflow.cli.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, for the servers dev starts in child processes. */
final class Ports {
  private Ports() {}

  /** A port free on 127.0.0.1 now (another process may take it before it is used). */
  static int free() throws IOException {
    InetAddress loopback = InetAddress.getByName(EmbeddedTemporal.LOOPBACK);
    try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
      return s.getLocalPort();
    }
  }
}
