package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.sandbox.SafeTree;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Copies and deletes directory trees (a volume's data, a snapshot's copy) without following the
 * symbolic links an instance may have planted in them (see {@link SafeTree}).
 */
final class Trees {
  private Trees() {}

  /** Copies {@code source} into the new directory {@code target}; links are copied as links. */
  static void copy(Path source, Path target) throws IOException {
    SafeTree.copy(source, target);
  }

  /** Deletes a tree; a missing tree is fine. Links are deleted, not followed. */
  static void delete(Path root) throws IOException {
    SafeTree.delete(root);
  }

  /** Deletes a tree, ignoring failures (clean-up that must not hide the original problem). */
  static void deleteQuietly(Path root) {
    SafeTree.deleteQuietly(root);
  }
}
