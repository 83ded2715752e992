package io.ssmflow.simulator.sandbox;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simulator's own file operations inside an instance's root filesystem. Commands running in an
 * instance own that directory tree and can plant symbolic links anywhere in it; the simulator runs
 * with more rights than they have, so it must never follow one. Every operation walks from the
 * instance root one name at a time, each directory opened relative to its parent's open descriptor
 * with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}, openat-style), and opens the final file
 * the same way: a link anywhere on the path, or swapped in while the walk runs, makes the operation
 * fail with {@link SandboxPathException} instead of leaving the instance.
 *
 * <p>The one residue: a missing directory is created by path, so a link swapped into its parent
 * between the check and the mkdir can make an empty directory appear at the link's target. The walk
 * then finds nothing where it created the directory and fails.
 */
public final class SandboxFiles {
  /** What a name in the instance is (never following a link). */
  public enum Kind {
    MISSING,
    FILE,
    DIRECTORY,
    LINK,
    OTHER
  }

  /** A directory entry: its name and what it is. */
  public record Entry(String name, Kind kind) {}

  private static final String NO_LINKS =
      "is a symbolic link; the simulator does not follow" + " links inside an instance";

  private final Path root;
  private final SandboxOwner owner;

  /**
   * @param root the instance's root directory on the host (created by the simulator, never a link)
   * @param owner who gets what the simulator creates inside
   */
  public SandboxFiles(Path root, SandboxOwner owner) {
    this.root = root.toAbsolutePath();
    this.owner = owner;
  }

  public Path root() {
    return root;
  }

  /** Creates a directory and its missing parents (each handed to the owner). */
  public void mkdirs(InstancePath dir) throws IOException {
    openDir(dir, true).close();
  }

  /** Hands an existing file or directory to the owner (a link itself, never its target). */
  public void own(InstancePath path) throws IOException {
    if (!owner.chowns() || path.isRoot()) {
      return;
    }
    try (SecureDirectoryStream<Path> dir = openDir(path.parent(), false)) {
      owner.apply(view(dir, Path.of(path.fileName())));
    }
  }

  /** What the path is; {@link Kind#MISSING} also when a parent is missing. */
  public Kind kind(InstancePath path) throws IOException {
    if (path.isRoot()) {
      return Kind.DIRECTORY;
    }
    SecureDirectoryStream<Path> dir;
    try {
      dir = openDir(path.parent(), false);
    } catch (NoSuchFileException e) {
      return Kind.MISSING;
    }
    try (dir) {
      return kind(dir, Path.of(path.fileName()));
    }
  }

  /** Writes a file, creating it and its parents, replacing what it held. */
  public void write(InstancePath file, byte[] content) throws IOException {
    write(file, content, false);
  }

  /** Appends to a file, creating it and its parents. */
  public void append(InstancePath file, byte[] content) throws IOException {
    write(file, content, true);
  }

  private void write(InstancePath file, byte[] content, boolean append) throws IOException {
    requireFileName(file);
    try (SecureDirectoryStream<Path> dir = openDir(file.parent(), true)) {
      Path name = Path.of(file.fileName());
      Kind kind = kind(dir, name);
      if (kind != Kind.MISSING && kind != Kind.FILE) {
        throw refused(file, kind);
      }
      Set<OpenOption> options =
          append
              ? Set.of(WRITE, CREATE, APPEND, NOFOLLOW_LINKS)
              : Set.of(WRITE, CREATE, TRUNCATE_EXISTING, NOFOLLOW_LINKS);
      try (SeekableByteChannel ch = open(dir, name, file, options)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      if (kind == Kind.MISSING) {
        owner.apply(view(dir, name));
      }
    }
  }

  /**
   * Creates a new, empty file (failing if anything is there) and answers it opened for reading and
   * writing, with its host path. Reading back through the returned channel reads this very file
   * even if a command later replaces the name with a link.
   */
  public Created createNew(InstancePath file) throws IOException {
    requireFileName(file);
    try (SecureDirectoryStream<Path> dir = openDir(file.parent(), true)) {
      Path name = Path.of(file.fileName());
      SeekableByteChannel ch;
      try {
        ch = dir.newByteChannel(name, Set.of(READ, WRITE, CREATE_NEW, NOFOLLOW_LINKS));
      } catch (FileAlreadyExistsException e) {
        throw new SandboxPathException(file + " already exists");
      }
      try {
        owner.apply(view(dir, name));
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      return new Created(hostPath(file), ch);
    }
  }

  /** A file made by {@link #createNew}: where it is on the host and an open channel on it. */
  public record Created(Path hostPath, SeekableByteChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * The content of a regular file.
   *
   * @throws SandboxPathException.TooLarge when it holds more than {@code maxBytes}
   */
  public byte[] read(InstancePath file, int maxBytes) throws IOException {
    requireFileName(file);
    try (SecureDirectoryStream<Path> dir = openDir(file.parent(), false)) {
      Path name = Path.of(file.fileName());
      Kind kind = kind(dir, name);
      if (kind == Kind.MISSING) {
        throw new NoSuchFileException(file.text());
      }
      if (kind != Kind.FILE) {
        throw refused(file, kind);
      }
      try (SeekableByteChannel ch = open(dir, name, file, Set.of(READ, NOFOLLOW_LINKS))) {
        long size = ch.size();
        if (size > maxBytes) {
          throw new SandboxPathException.TooLarge(
              file + " is larger than " + maxBytes + " bytes (" + size + ")");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
          // read until full or end of file (it may shrink meanwhile)
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
      }
    }
  }

  /**
   * Takes a regular file away: renames it to {@code NAME.taken} inside its own (already open)
   * directory, so that what is written after starts a new file, reads the taken file and deletes
   * it. Never follows a link: a link as the file is refused before the rename, and one swapped in
   * meanwhile is renamed (not followed), refused on opening and deleted as a link.
   *
   * @return the content, or null when there is no such file
   * @throws SandboxPathException.TooLarge when it holds more than {@code maxBytes} (it is deleted)
   */
  public byte[] take(InstancePath file, int maxBytes) throws IOException {
    requireFileName(file);
    try (SecureDirectoryStream<Path> dir = openDir(file.parent(), false)) {
      Path name = Path.of(file.fileName());
      Kind kind = kind(dir, name);
      if (kind == Kind.MISSING) {
        return null;
      }
      if (kind != Kind.FILE) {
        throw refused(file, kind);
      }
      Path taken = Path.of(file.fileName() + ".taken");
      dir.move(name, dir, taken);
      try (SeekableByteChannel ch = open(dir, taken, file, Set.of(READ, NOFOLLOW_LINKS))) {
        long size = ch.size();
        if (size > maxBytes) {
          throw new SandboxPathException.TooLarge(
              file + " is larger than " + maxBytes + " bytes (" + size + ")");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
          // read until full or end of file
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
      } finally {
        dir.deleteFile(taken);
      }
    }
  }

  /** The entries of a directory, sorted by name, at most {@code limit}. */
  public List<Entry> list(InstancePath path, int limit) throws IOException {
    try (SecureDirectoryStream<Path> dir = openDir(path, false)) {
      List<String> names = new ArrayList<>();
      for (Path p : dir) {
        names.add(p.getFileName().toString());
      }
      names.sort(null);
      List<Entry> out = new ArrayList<>();
      for (String n : names.subList(0, Math.min(limit, names.size()))) {
        out.add(new Entry(n, kind(dir, Path.of(n))));
      }
      return out;
    }
  }

  /**
   * The host path of an existing directory, after checking that no part of it is a link. Only for
   * handing a working directory to a process that is not isolated anyway.
   */
  public Path existingDirectory(InstancePath path) throws IOException {
    openDir(path, false).close();
    return hostPath(path);
  }

  /** The host path of a path inside the instance (text only: use the checked operations). */
  public Path hostPath(InstancePath path) {
    Path p = root;
    for (String n : path.names()) {
      p = p.resolve(n);
    }
    return p;
  }

  // ---- the walk -----------------------------------------------------------------------------

  private SecureDirectoryStream<Path> openRoot() throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root);
    if (ds instanceof SecureDirectoryStream<Path> sds) {
      return sds;
    }
    ds.close();
    throw new IOException(
        "this platform offers no secure directory streams (openat), which"
            + " the simulator needs to work inside instances safely");
  }

  /** Opens a directory, walking from the root without following links. */
  private SecureDirectoryStream<Path> openDir(InstancePath path, boolean create)
      throws IOException {
    SecureDirectoryStream<Path> dir = openRoot();
    InstancePath walked = InstancePath.parse("/");
    try {
      for (String n : path.names()) {
        walked = walked.resolve(n);
        SecureDirectoryStream<Path> next = child(dir, walked, create);
        dir.close();
        dir = next;
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  private SecureDirectoryStream<Path> child(
      SecureDirectoryStream<Path> dir, InstancePath walked, boolean create) throws IOException {
    Path name = Path.of(walked.fileName());
    Kind kind = kind(dir, name);
    if (kind == Kind.MISSING && create) {
      try {
        Files.createDirectory(hostPath(walked));
        owner.apply(view(dir, name));
      } catch (FileAlreadyExistsException | NoSuchFileException raced) {
        // another thread made it, or the parent moved: look again below
      }
      kind = kind(dir, name);
    }
    return switch (kind) {
      case DIRECTORY -> {
        try {
          yield dir.newDirectoryStream(name, NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
          throw translate(e, dir, name, walked);
        }
      }
      case MISSING -> throw new NoSuchFileException(walked.text());
      default -> throw refused(walked, kind);
    };
  }

  private static SeekableByteChannel open(
      SecureDirectoryStream<Path> dir, Path name, InstancePath file, Set<OpenOption> options)
      throws IOException {
    try {
      return dir.newByteChannel(name, options);
    } catch (FileSystemException e) {
      throw translate(e, dir, name, file);
    }
  }

  /** A failure to open that a link swapped in meanwhile explains (ELOOP) becomes a refusal. */
  private static IOException translate(
      FileSystemException e, SecureDirectoryStream<Path> dir, Path name, InstancePath path)
      throws IOException {
    Kind now = kind(dir, name);
    if (now == Kind.LINK || now == Kind.OTHER || now == Kind.FILE) {
      return refused(path, now);
    }
    return new SandboxPathException(
        path + ": " + (e.getReason() == null ? "cannot be opened" : e.getReason()));
  }

  static Kind kind(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    BasicFileAttributes a;
    try {
      a =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW_LINKS)
              .readAttributes();
    } catch (NoSuchFileException e) {
      return Kind.MISSING;
    }
    if (a.isSymbolicLink()) {
      return Kind.LINK;
    }
    if (a.isDirectory()) {
      return Kind.DIRECTORY;
    }
    return a.isRegularFile() ? Kind.FILE : Kind.OTHER;
  }

  private static PosixFileAttributeView view(SecureDirectoryStream<Path> dir, Path name) {
    return dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW_LINKS);
  }

  private static SandboxPathException refused(InstancePath path, Kind kind) {
    return new SandboxPathException(
        path
            + " "
            + switch (kind) {
              case LINK -> NO_LINKS;
              case DIRECTORY -> "is a directory";
              case FILE -> "is not a directory";
              default -> "is not a regular file or directory";
            });
  }

  private static void requireFileName(InstancePath file) {
    if (file.isRoot()) {
      throw new IllegalArgumentException("/ is not a file");
    }
  }
}
