package io.ssmflow.simulator.sandbox;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Who owns the files of an instance's root filesystem on the host. A simulator running as root runs
 * commands as an unprivileged uid (the instance's "root" is that uid in a user namespace), so
 * everything it creates inside an instance is handed to that uid; any other simulator keeps its own
 * uid ({@link #PROCESS}).
 */
public final class SandboxOwner {
  /** The simulator's own uid: nothing is chowned. */
  public static final SandboxOwner PROCESS = new SandboxOwner(-1, -1);

  private final int uid;
  private final int gid;
  private volatile UserPrincipal user;
  private volatile GroupPrincipal group;

  private SandboxOwner(int uid, int gid) {
    this.uid = uid;
    this.gid = gid;
  }

  /** Files are handed to this uid and gid. */
  public static SandboxOwner of(int uid, int gid) {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative");
    }
    return new SandboxOwner(uid, gid);
  }

  /** True when files are handed to another uid. */
  public boolean chowns() {
    return uid >= 0;
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  /** Hands the file a view stands for to this owner (a no-op for {@link #PROCESS}). */
  void apply(PosixFileAttributeView view) throws IOException {
    if (!chowns()) {
      return;
    }
    if (user == null) {
      UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
      // A numeric name that is no user's name is taken as the uid itself.
      user = lookup.lookupPrincipalByName(Integer.toString(uid));
      group = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
    }
    view.setOwner(user);
    view.setGroup(group);
  }

  @Override
  public String toString() {
    return chowns() ? "uid " + uid + " gid " + gid : "the simulator's uid";
  }
}
