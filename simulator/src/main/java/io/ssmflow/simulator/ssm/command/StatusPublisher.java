package io.ssmflow.simulator.ssm.command;

/**
 * How Run Command reaches Amazon SNS for the status-change notifications of SendCommand's
 * NotificationConfig, without depending on the SNS service: the simulator wires it to its own SNS.
 */
public interface StatusPublisher {
  /** A publisher with no topics: SendCommand with a NotificationArn fails. */
  StatusPublisher NONE =
      new StatusPublisher() {
        @Override
        public boolean topicExists(String topicArn) {
          return false;
        }

        @Override
        public void publish(String topicArn, String message) {
          throw new IllegalStateException("no SNS topic " + topicArn);
        }
      };

  /** Whether {@code topicArn} names an existing SNS topic (SendCommand checks NotificationArn). */
  boolean topicExists(String topicArn);

  /**
   * Publishes {@code message} (the notification JSON) to the topic, as SNS Publish does; throws
   * when that fails (the topic was deleted, for instance). Called off the command engine's threads.
   */
  void publish(String topicArn, String message);
}
