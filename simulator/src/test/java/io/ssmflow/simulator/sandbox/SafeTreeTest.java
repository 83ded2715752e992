package io.ssmflow.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot copies and deletes of an instance's tree never follow the links in it. */
class SafeTreeTest {
  @TempDir Path tmp;

  @Test
  void copiesLinksAsLinksAndKeepsFileModes() throws Exception {
    Path host = Files.createDirectories(tmp.resolve("host/etc"));
    Files.writeString(host.resolve("shadow"), "root:$6$hash\n");
    Path root = Files.createDirectories(tmp.resolve("root/opt/app"));
    Path script = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(root.resolve("etc-link"), host);
    Files.createSymbolicLink(root.resolve("shadow-link"), host.resolve("shadow"));

    Path copy = tmp.resolve("snap");
    SafeTree.copy(tmp.resolve("root"), copy);

    assertThat(copy.resolve("opt/app/run.sh")).hasContent("#!/bin/sh");
    assertThat(Files.getPosixFilePermissions(copy.resolve("opt/app/run.sh")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(Files.isSymbolicLink(copy.resolve("opt/app/etc-link"))).isTrue();
    assertThat(Files.readSymbolicLink(copy.resolve("opt/app/etc-link"))).isEqualTo(host);
    assertThat(Files.isSymbolicLink(copy.resolve("opt/app/shadow-link"))).isTrue();
    try (var all = Files.walk(copy)) {
      assertThat(
              all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                  .map(p -> copy.relativize(p).toString())
                  .toList())
          .containsExactly("opt/app/run.sh");
    }
  }

  @Test
  void deleteRemovesLinksNotTheirTargets() throws Exception {
    Path host = Files.createDirectories(tmp.resolve("host"));
    Path keep = Files.writeString(host.resolve("keep"), "keep me\n");
    Path root = Files.createDirectories(tmp.resolve("root/opt"));
    Files.createSymbolicLink(root.resolve("dir-link"), host);
    Files.createSymbolicLink(root.resolve("file-link"), keep);
    Files.createDirectories(root.resolve("deep/er"));
    Files.writeString(root.resolve("deep/er/file"), "x");

    SafeTree.delete(tmp.resolve("root"));

    assertThat(tmp.resolve("root")).doesNotExist();
    assertThat(keep).hasContent("keep me");
  }
}
