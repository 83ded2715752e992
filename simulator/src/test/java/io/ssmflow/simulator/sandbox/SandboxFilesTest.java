package io.ssmflow.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's file operations inside an instance never follow a link the instance planted: here
 * the links are planted directly, as a command in the instance would plant them, pointing at "host"
 * files outside the instance root.
 */
class SandboxFilesTest {
  @TempDir Path tmp;
  Path root;
  Path host;
  Path secret;
  SandboxFiles files;

  @BeforeEach
  void layout() throws Exception {
    root = Files.createDirectories(tmp.resolve("instances/i-1/root"));
    Files.createDirectories(root.resolve("opt"));
    Files.createDirectories(root.resolve("var"));
    host = Files.createDirectories(tmp.resolve("host"));
    secret = Files.writeString(host.resolve("codec.key"), "host secret\n");
    files = new SandboxFiles(root, SandboxOwner.PROCESS);
  }

  private static InstancePath p(String text) {
    return InstancePath.parse(text);
  }

  @Test
  void writesReadsAndListsInsideTheInstance() throws Exception {
    files.write(p("/opt/shop/VERSION"), "1.0.0\n".getBytes(StandardCharsets.UTF_8));
    files.append(p("/opt/shop/VERSION"), "more\n".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("opt/shop/VERSION")).hasContent("1.0.0\nmore");
    assertThat(new String(files.read(p("/opt/shop/VERSION"), 100), StandardCharsets.UTF_8))
        .isEqualTo("1.0.0\nmore\n");
    assertThat(files.list(p("/opt"), 10))
        .containsExactly(new SandboxFiles.Entry("shop", SandboxFiles.Kind.DIRECTORY));
    assertThat(files.kind(p("/opt/nothing/here"))).isEqualTo(SandboxFiles.Kind.MISSING);
    assertThatThrownBy(() -> files.read(p("/opt/shop/VERSION"), 5))
        .isInstanceOf(SandboxPathException.TooLarge.class);
    assertThatThrownBy(() -> files.read(p("/opt/missing"), 5))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void takeRenamesReadsAndDeletesTheFile() throws Exception {
    files.write(p("/var/spool/metrics"), "ShopApp Errors 40\n".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(files.take(p("/var/spool/metrics"), 100), StandardCharsets.UTF_8))
        .isEqualTo("ShopApp Errors 40\n");
    assertThat(root.resolve("var/spool")).isEmptyDirectory();
    assertThat(files.take(p("/var/spool/metrics"), 100)).isNull();

    files.write(p("/var/spool/metrics"), "x".repeat(200).getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> files.take(p("/var/spool/metrics"), 100))
        .isInstanceOf(SandboxPathException.TooLarge.class);
    assertThat(root.resolve("var/spool")).as("an oversized spool is dropped").isEmptyDirectory();
  }

  @Test
  void takeNeitherReadsNorMovesNorDeletesThroughALink() throws Exception {
    // The agent's spool planted as a link to a host file: refused, the host file untouched.
    Files.createDirectories(root.resolve("var/spool"));
    Files.createSymbolicLink(root.resolve("var/spool/metrics"), secret);
    assertThatThrownBy(() -> files.take(p("/var/spool/metrics"), 1 << 20))
        .isInstanceOf(SandboxPathException.class)
        .hasMessageContaining("is a symbolic link");
    assertThat(secret).hasContent("host secret");

    // The spool's directory planted as a link to a host directory: the walk stops before it,
    // so the host's own file of that name is neither moved, read nor deleted.
    Path hostSpool = Files.writeString(host.resolve("metrics"), "host data\n");
    Files.createSymbolicLink(root.resolve("var/agent"), host);
    assertThatThrownBy(() -> files.take(p("/var/agent/metrics"), 1 << 20))
        .isInstanceOf(SandboxPathException.class)
        .hasMessageStartingWith("/var/agent is a symbolic link");
    assertThat(hostSpool).hasContent("host data");
    assertThat(host.resolve("metrics.taken")).doesNotExist();
  }

  @Test
  void aLinkAsTheLastNameIsNeitherReadNorWrittenThrough() throws Exception {
    Files.createSymbolicLink(root.resolve("opt/leak"), secret);
    assertThatThrownBy(() -> files.read(p("/opt/leak"), 1 << 20))
        .isInstanceOf(SandboxPathException.class)
        .hasMessage(
            "/opt/leak is a symbolic link; the simulator does not follow links inside"
                + " an instance");
    assertThatThrownBy(() -> files.write(p("/opt/leak"), "pwned".getBytes()))
        .isInstanceOf(SandboxPathException.class);
    assertThatThrownBy(() -> files.append(p("/opt/leak"), "pwned".getBytes()))
        .isInstanceOf(SandboxPathException.class);
    assertThatThrownBy(() -> files.createNew(p("/opt/leak")))
        .isInstanceOf(SandboxPathException.class);
    assertThat(secret).hasContent("host secret");
    assertThat(files.kind(p("/opt/leak"))).isEqualTo(SandboxFiles.Kind.LINK);
    assertThat(files.list(p("/opt"), 10))
        .containsExactly(new SandboxFiles.Entry("leak", SandboxFiles.Kind.LINK));
  }

  @Test
  void aLinkedDirectoryOnTheWayStopsTheWalk() throws Exception {
    // The escape the review found: a symlinked orchestration directory.
    Files.createDirectories(root.resolve("var/lib/amazon/ssm/i-1/document"));
    Files.createSymbolicLink(root.resolve("var/lib/amazon/ssm/i-1/document/orchestration"), host);
    InstancePath script = p("/var/lib/amazon/ssm/i-1/document/orchestration/cmd/_script.sh");
    assertThatThrownBy(() -> files.mkdirs(script.parent()))
        .isInstanceOf(SandboxPathException.class)
        .hasMessageStartingWith(
            "/var/lib/amazon/ssm/i-1/document/orchestration is a symbolic" + " link");
    assertThatThrownBy(() -> files.write(script, "rm -rf /".getBytes()))
        .isInstanceOf(SandboxPathException.class);
    assertThatThrownBy(
            () ->
                files.read(
                    p("/var/lib/amazon/ssm/i-1/document/orchestration" + "/codec.key"), 1 << 20))
        .isInstanceOf(SandboxPathException.class);
    assertThatThrownBy(() -> files.list(p("/var/lib/amazon/ssm/i-1/document/orchestration"), 10))
        .isInstanceOf(SandboxPathException.class);
    assertThatThrownBy(
            () -> files.existingDirectory(p("/var/lib/amazon/ssm/i-1/document" + "/orchestration")))
        .isInstanceOf(SandboxPathException.class);
    try (var listing = Files.list(host)) {
      assertThat(listing.map(f -> f.getFileName().toString()).toList())
          .containsExactly("codec.key");
    }
  }

  @Test
  void aRelativeLinkThatClimbsOutIsRefusedToo() throws Exception {
    Files.createSymbolicLink(root.resolve("opt/up"), Path.of("../../../../host"));
    assertThatThrownBy(() -> files.read(p("/opt/up/codec.key"), 100))
        .isInstanceOf(SandboxPathException.class);
    assertThatThrownBy(() -> files.write(p("/opt/up/new"), new byte[0]))
        .isInstanceOf(SandboxPathException.class);
    assertThat(host.resolve("new")).doesNotExist();
  }

  @Test
  void createNewAnswersTheFileItCreatedAndRefusesAnythingAlreadyThere() throws Exception {
    try (SandboxFiles.Created out = files.createNew(p("/var/run/out"))) {
      assertThat(out.hostPath()).isEqualTo(root.resolve("var/run/out"));
      Files.writeString(out.hostPath(), "written by the command\n");
      // The command swaps its output for a link; the simulator still reads what was written.
      Path moved = root.resolve("var/run/moved");
      Files.move(out.hostPath(), moved);
      Files.createSymbolicLink(out.hostPath(), secret);
      out.channel().position(0);
      byte[] back = java.nio.channels.Channels.newInputStream(out.channel()).readAllBytes();
      assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("written by the command\n");
    }
    assertThatThrownBy(() -> files.createNew(p("/var/run/moved")))
        .isInstanceOf(SandboxPathException.class)
        .hasMessage("/var/run/moved already exists");
  }

  @Test
  void textChecksComeFirst() {
    assertThatThrownBy(() -> InstancePath.parse("opt/x")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> InstancePath.parse("/opt/../etc/shadow")).hasMessageContaining("'..'");
    assertThat(InstancePath.parse("//opt/./shop/").text()).isEqualTo("/opt/shop");
  }

  @Test
  void handsWhatItCreatesToTheSandboxOwnerWhenRunningAsRoot() throws Exception {
    assumeTrue(Isolation.runningAsRoot(), "only root can give files away");
    SandboxFiles owned = new SandboxFiles(root, SandboxOwner.of(65534, 65534));
    owned.write(p("/opt/app/config"), "x".getBytes());
    for (Path created : List.of(root.resolve("opt/app"), root.resolve("opt/app/config"))) {
      assertThat(Files.getAttribute(created, "unix:uid", LinkOption.NOFOLLOW_LINKS))
          .as(created.toString())
          .isEqualTo(65534);
      assertThat(Files.getAttribute(created, "unix:gid", LinkOption.NOFOLLOW_LINKS))
          .as(created.toString())
          .isEqualTo(65534);
    }
  }
}
