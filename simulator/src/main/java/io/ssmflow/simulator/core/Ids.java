package io.ssmflow.simulator.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** AWS-shaped identifiers: {@code i-} + 17 hex digits, {@code vol-}, {@code snap-}, ... */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A random id such as {@code snap-0a1b2c3d4e5f60718}. */
  public static String random(String prefix) {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
  }

  /** A stable id derived from a seed, so a fleet file gives the same ids on every start. */
  public static String stable(String prefix, String seed) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return prefix + "-" + HexFormat.of().formatHex(hash).substring(0, 17);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A UUID-shaped id, as SSM uses for command ids. */
  public static String uuid() {
    return java.util.UUID.randomUUID().toString();
  }
}
