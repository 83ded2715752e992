package io.ssmflow.simulator.admin;

/** An admin API error: answered as {@code {"error": message}} with the given status. */
public final class AdminException extends RuntimeException {
  private final int status;

  public AdminException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static AdminException notFound(String message) {
    return new AdminException(404, message);
  }

  public static AdminException badRequest(String message) {
    return new AdminException(400, message);
  }
}
