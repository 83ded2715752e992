package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.AwsException;
import java.util.Collection;
import java.util.List;

/** The EC2 error codes and messages the simulator answers, worded as EC2 words them. */
final class Ec2Errors {
  private Ec2Errors() {}

  static AwsException instanceNotFound(Collection<String> ids) {
    return notFound("InvalidInstanceID.NotFound", "instance ID", "instance IDs", ids);
  }

  static AwsException volumeNotFound(Collection<String> ids) {
    return notFound("InvalidVolume.NotFound", "volume", "volumes", ids);
  }

  static AwsException snapshotNotFound(Collection<String> ids) {
    return notFound("InvalidSnapshot.NotFound", "snapshot", "snapshots", ids);
  }

  static AwsException taskNotFound(Collection<String> ids) {
    return notFound(
        "InvalidReplaceRootVolumeTaskId.NotFound",
        "replace root volume task",
        "replace root volume tasks",
        ids);
  }

  private static AwsException notFound(
      String code, String singular, String plural, Collection<String> ids) {
    List<String> list = List.copyOf(ids);
    // EC2 ends the volume and snapshot messages with a period, the instance one without.
    String end = code.startsWith("InvalidInstanceID") ? "" : ".";
    if (list.size() == 1) {
      return new AwsException(
          code, "The " + singular + " '" + list.get(0) + "' does not exist" + end);
    }
    return new AwsException(
        code, "The " + plural + " '" + String.join(", ", list) + "' do not exist" + end);
  }

  static AwsException malformed(Ec2Id kind, String id) {
    String message =
        kind == Ec2Id.INSTANCE
            ? "Invalid id: \"" + id + "\""
            : "Invalid id: \"" + id + "\" (expecting \"" + kind.prefix() + "-...\")";
    return new AwsException(kind.malformedCode(), message);
  }

  static AwsException invalidId(String id) {
    return new AwsException("InvalidID", "The ID '" + id + "' is not valid");
  }

  static AwsException incorrectInstanceState(String instanceId, String action) {
    return new AwsException(
        "IncorrectInstanceState",
        "The instance '" + instanceId + "' is not in a state from which it can be " + action + ".");
  }

  static AwsException missing(String parameter) {
    return new AwsException(
        "MissingParameter", "The request must contain the parameter " + parameter);
  }

  static AwsException combination(String message) {
    return new AwsException("InvalidParameterCombination", message);
  }

  static AwsException invalidValue(String message) {
    return AwsException.invalidParameterValue(message);
  }

  static AwsException dryRun() {
    return new AwsException(
        "DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  }
}
