package io.ssmflow.workflows.command;

import java.util.List;

/**
 * What one send did: the commands SSM accepted (usually one; several only when SSM refused the
 * batch and it was resent in parts without the offending instances) and the instances SSM refused,
 * each with its reason. Every instance of the request is in exactly one of the two.
 *
 * @param commands the commands sent, each with its instances
 * @param rejected the instances SSM refused (e.g. InvalidInstanceId: terminated or not managed)
 */
public record SendResult(List<SentCommand> commands, List<RejectedInstance> rejected) {
  public SendResult {
    commands = List.copyOf(commands);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /** One command SSM accepted. */
  public record SentCommand(String commandId, List<String> instanceIds, long requestedAtMillis) {
    public SentCommand {
      instanceIds = List.copyOf(instanceIds);
    }
  }

  /** One instance SSM refused to take the command on. */
  public record RejectedInstance(String instanceId, String reason) {}
}
