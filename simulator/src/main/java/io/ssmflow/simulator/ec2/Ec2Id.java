package io.ssmflow.simulator.ec2;

import java.util.regex.Pattern;

/** The kinds of EC2 resource id the simulator knows, with their shapes and error codes. */
enum Ec2Id {
  INSTANCE("i", "InvalidInstanceID.Malformed"),
  VOLUME("vol", "InvalidVolumeID.Malformed"),
  SNAPSHOT("snap", "InvalidSnapshotID.Malformed"),
  REPLACE_ROOT_VOLUME_TASK("replacevol", "InvalidReplaceRootVolumeTaskId.Malformed");

  private final String prefix;
  private final String malformedCode;
  private final Pattern shape;

  Ec2Id(String prefix, String malformedCode) {
    this.prefix = prefix;
    this.malformedCode = malformedCode;
    // EC2 still accepts the old 8-digit ids next to the 17-digit ones.
    this.shape = Pattern.compile(prefix + "-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  }

  String prefix() {
    return prefix;
  }

  String malformedCode() {
    return malformedCode;
  }

  boolean matches(String id) {
    return id != null && shape.matcher(id).matches();
  }

  /** The id unchanged, or the kind's Malformed error. */
  String check(String id) {
    if (!matches(id)) {
      throw Ec2Errors.malformed(this, id);
    }
    return id;
  }

  /** The kind an id names by its prefix, or null. */
  static Ec2Id of(String id) {
    int dash = id == null ? -1 : id.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    String prefix = id.substring(0, dash);
    for (Ec2Id kind : values()) {
      if (kind.prefix.equals(prefix)) {
        return kind;
      }
    }
    return null;
  }
}
