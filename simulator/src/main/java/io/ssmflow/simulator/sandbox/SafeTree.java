package io.ssmflow.simulator.sandbox;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Copies and deletes whole directory trees that an instance may have written (a root volume, a
 * snapshot's copy) without ever following a symbolic link: every directory is opened relative to
 * its parent's descriptor with {@code O_NOFOLLOW}, links are copied as links, and deletes unlink
 * relative to the open parent. A link or a directory swapped for a link while the walk runs cannot
 * take the copy or the delete outside the tree.
 */
public final class SafeTree {
  /** Deeper trees are refused rather than opening a descriptor per level without bound. */
  static final int MAX_DEPTH = 256;

  private SafeTree() {}

  /**
   * Copies the tree {@code source} into the new directory {@code target}: directories, regular
   * files (content, permissions, modification time, and owner where this process may set it) and
   * symbolic links (as links). Sockets, FIFOs and devices are left out.
   */
  public static void copy(Path source, Path target) throws IOException {
    try (SecureDirectoryStream<Path> dir = open(source)) {
      Files.createDirectory(target);
      copyDir(dir, source, target, 0);
      PosixFileAttributes rootAttrs =
          Files.readAttributes(source, PosixFileAttributes.class, NOFOLLOW_LINKS);
      attributes(target, rootAttrs);
    }
  }

  private static void copyDir(
      SecureDirectoryStream<Path> dir, Path sourceText, Path target, int depth) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new IOException("directory tree deeper than " + MAX_DEPTH + " levels");
    }
    for (String n : names(dir)) {
      Path name = Path.of(n);
      PosixFileAttributes a;
      try {
        a =
            dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW_LINKS)
                .readAttributes();
      } catch (NoSuchFileException gone) {
        continue;
      }
      Path to = target.resolve(n);
      if (a.isSymbolicLink()) {
        Path link;
        try {
          link = Files.readSymbolicLink(sourceText.resolve(n));
        } catch (IOException | UnsupportedOperationException changed) {
          continue; // no longer a link: it changed while copying
        }
        Files.createSymbolicLink(to, link);
        owner(to, a);
      } else if (a.isDirectory()) {
        Files.createDirectory(to);
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NOFOLLOW_LINKS)) {
          copyDir(sub, sourceText.resolve(n), to, depth + 1);
        }
        attributes(to, a);
      } else if (a.isRegularFile()) {
        try (SeekableByteChannel in = dir.newByteChannel(name, Set.of(READ, NOFOLLOW_LINKS));
            FileChannel out = FileChannel.open(to, WRITE, CREATE_NEW)) {
          out.transferFrom(in, 0, Long.MAX_VALUE);
        }
        attributes(to, a);
      }
    }
  }

  /** Permissions, modification time and, where allowed, the owner of a copy. */
  private static void attributes(Path copy, PosixFileAttributes a) throws IOException {
    owner(copy, a);
    Files.setPosixFilePermissions(copy, a.permissions());
    Files.setLastModifiedTime(copy, a.lastModifiedTime());
  }

  private static void owner(Path copy, PosixFileAttributes a) {
    PosixFileAttributeView v =
        Files.getFileAttributeView(copy, PosixFileAttributeView.class, NOFOLLOW_LINKS);
    try {
      v.setOwner(a.owner());
      v.setGroup(a.group());
    } catch (IOException notPermitted) {
      // only root may give files away; the copy then belongs to this process's uid
    }
  }

  /** Deletes a tree; a missing tree is fine. Links are removed, never followed. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, NOFOLLOW_LINKS)) {
      Files.delete(root);
      return;
    }
    try (SecureDirectoryStream<Path> dir = open(root)) {
      deleteContents(dir, 0);
    }
    Files.delete(root);
  }

  /** Deletes a tree, ignoring failures (clean-up that must not hide the original problem). */
  public static void deleteQuietly(Path root) {
    try {
      delete(root);
    } catch (IOException e) {
      // best effort: a leftover directory under the state dir does no harm
    }
  }

  private static void deleteContents(SecureDirectoryStream<Path> dir, int depth)
      throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new IOException("directory tree deeper than " + MAX_DEPTH + " levels");
    }
    for (String n : names(dir)) {
      Path name = Path.of(n);
      SandboxFiles.Kind kind = SandboxFiles.kind(dir, name);
      if (kind == SandboxFiles.Kind.DIRECTORY) {
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NOFOLLOW_LINKS)) {
          deleteContents(sub, depth + 1);
        }
        dir.deleteDirectory(name);
      } else if (kind != SandboxFiles.Kind.MISSING) {
        dir.deleteFile(name);
      }
    }
  }

  private static List<String> names(SecureDirectoryStream<Path> dir) {
    List<String> names = new ArrayList<>();
    for (Path p : dir) {
      names.add(p.getFileName().toString());
    }
    return names;
  }

  private static SecureDirectoryStream<Path> open(Path dir) throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(dir);
    if (ds instanceof SecureDirectoryStream<Path> sds) {
      return sds;
    }
    ds.close();
    throw new IOException("this platform offers no secure directory streams (openat)");
  }
}
