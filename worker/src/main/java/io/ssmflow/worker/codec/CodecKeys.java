package io.ssmflow.worker.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of the payload codec, read from the file named by {@code
 * SSMFLOW_CODEC_KEY_FILE}.
 *
 * <p>File format: one key a line, either {@code ID:BASE64} or a bare {@code BASE64} (its id is then
 * {@code k} + the first 12 hex digits of the SHA-256 of the key), where BASE64 is the standard
 * Base64 of exactly 32 random bytes and ID matches {@code [A-Za-z0-9._-]{1,64}}. Blank lines and
 * lines starting with {@code #} are ignored. The first key is the current one (used to encrypt);
 * the others only decrypt, so a key is rotated by putting a new line first and keeping the old
 * lines until no history that needs them is left.
 */
public final class CodecKeys {
  /** The environment variable naming the key file. */
  public static final String ENV = "SSMFLOW_CODEC_KEY_FILE";

  public static final int KEY_BYTES = 32;

  /** A key file holds a handful of keys; anything much larger is the wrong file. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final String currentId;
  private final Path source;

  private CodecKeys(Map<String, SecretKey> keys, Path source) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no key in " + ENV + " file " + source);
    }
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.currentId = keys.keySet().iterator().next();
    this.source = source;
  }

  /**
   * Reads a key file.
   *
   * @throws IllegalArgumentException one line naming the file, the line number and the problem
   */
  public static CodecKeys load(Path file) {
    requirePrivate(file);
    List<String> lines;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            ENV
                + " file "
                + file
                + " is "
                + size
                + " bytes; a key"
                + " file holds a few keys (at most "
                + MAX_FILE_BYTES
                + " bytes)");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          ENV
              + " file "
              + file
              + " cannot be read ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")",
          e);
    }
    return parse(lines, file);
  }

  static CodecKeys parse(List<String> lines, Path source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = ENV + " file " + source + " line " + (i + 1) + ": ";
      int colon = line.indexOf(':');
      String id = colon < 0 ? null : line.substring(0, colon).strip();
      String encoded = colon < 0 ? line : line.substring(colon + 1).strip();
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + "not Base64 (expected ID:BASE64 or BASE64 of " + KEY_BYTES + " bytes)");
      }
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            where + "the key is " + bytes.length + " bytes; AES-256 needs " + KEY_BYTES);
      }
      if (id == null) {
        id = fingerprint(bytes);
      } else if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            where + "key id '" + id + "' must match [A-Za-z0-9._-]{1,64}");
      }
      if (keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
        throw new IllegalArgumentException(where + "key id '" + id + "' appears twice");
      }
    }
    return new CodecKeys(keys, source);
  }

  /** Keys given directly (tests, tools); the first entry is the current key. */
  public static CodecKeys of(Map<String, byte[]> keys) {
    Map<String, SecretKey> specs = new LinkedHashMap<>();
    keys.forEach(
        (id, bytes) -> {
          if (!ID.matcher(id).matches() || bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("bad key " + id);
          }
          specs.put(id, new SecretKeySpec(bytes, "AES"));
        });
    return new CodecKeys(specs, null);
  }

  /**
   * Creates a key file with one new random key, readable by its owner only (0600 where the file
   * system has POSIX permissions). An existing file is left as it is and reused.
   *
   * @return the keys in the file
   */
  public static CodecKeys generateIfMissing(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] key = new byte[KEY_BYTES];
      RANDOM.nextBytes(key);
      String content =
          "# ssmflow payload codec key (AES-256), generated by ssmflow dev\n"
              + fingerprint(key)
              + ":"
              + Base64.getEncoder().encodeToString(key)
              + "\n";
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        if (Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
      } catch (FileAlreadyExistsException e) {
        // created concurrently: use that one
      }
    }
    return load(file);
  }

  /**
   * Refuses a key file that group or others may read (or write): whoever reads it can decrypt every
   * workflow history. Checked before the file is read, by clients and workers alike; file systems
   * without POSIX permissions are not checked.
   *
   * @throws IllegalArgumentException one line naming the file, its mode and the fix
   */
  public static void requirePrivate(Path file) {
    permissionWarning(file)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * A warning when group or others may read the key file, or empty when only its owner can (or the
   * file system has no POSIX permissions).
   */
  public static Optional<String> permissionWarning(Path file) {
    try {
      if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
        return Optional.empty();
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      boolean others =
          perms.contains(PosixFilePermission.OTHERS_READ)
              || perms.contains(PosixFilePermission.OTHERS_WRITE);
      if (others
          || perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.GROUP_WRITE)) {
        boolean read =
            perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_READ);
        return Optional.of(
            ENV
                + " file "
                + file
                + " is "
                + (read ? "readable" : "writable")
                + " by "
                + (others ? "everyone" : "its group")
                + " ("
                + PosixFilePermissions.toString(perms)
                + "); restrict it with chmod 600 "
                + file);
      }
      return Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** The id of a key: {@code k} + 12 hex digits of its SHA-256. */
  static String fingerprint(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "k" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null. */
  SecretKey key(String id) {
    return keys.get(id);
  }

  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  /** The file the keys came from, or null. */
  public Path source() {
    return source;
  }
}
