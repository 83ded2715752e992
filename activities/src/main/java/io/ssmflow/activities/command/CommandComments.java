package io.ssmflow.activities.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Comment} that marks a command with its idempotency key: {@code ssmflow:<hash>
 * <label>}, at most SSM's 100 characters. The key itself can be long (workflow id + step + batch),
 * so the comment carries a 48-bit hash of it, which is plenty among the commands one instance
 * receives in a few minutes.
 */
final class CommandComments {
  static final String PREFIX = "ssmflow:";
  static final int MAX_COMMENT = 100;
  static final int HASH_HEX_CHARS = 12;

  private CommandComments() {}

  /** The marker a command sent for {@code idempotencyKey} starts with. */
  static String marker(String idempotencyKey) {
    return PREFIX + hash(idempotencyKey);
  }

  /** The full comment: marker, a space and the label, cut to 100 characters. */
  static String comment(String idempotencyKey, String label) {
    String clean = label == null ? "" : label.replaceAll("\\p{Cntrl}", " ").strip();
    String comment =
        clean.isEmpty() ? marker(idempotencyKey) : marker(idempotencyKey) + " " + clean;
    return comment.length() <= MAX_COMMENT ? comment : comment.substring(0, MAX_COMMENT);
  }

  /** Whether a command's comment was written for {@code idempotencyKey}. */
  static boolean matches(String comment, String idempotencyKey) {
    if (comment == null) {
      return false;
    }
    String marker = marker(idempotencyKey);
    return comment.equals(marker) || comment.startsWith(marker + " ");
  }

  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
