package io.ssmflow.workflows.runbook;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The AWS side of runbook steps that do not run commands (those go through the fleet-run engine):
 * allow-listed API calls with JSONPath selection, instance state changes, tags and command outputs.
 */
@ActivityInterface(namePrefix = "Runbook")
public interface RunbookActivities {
  /** The failure type of a wait whose property never had a desired value in time. */
  String WAIT_TIMED_OUT = "PropertyWaitTimedOut";

  /** The failure type of instances that did not reach the desired state in time. */
  String STATE_TIMED_OUT = "InstanceStateTimedOut";

  /**
   * Calls an allow-listed operation once and selects the outputs (aws:executeAwsApi) or the
   * property (aws:assertAwsResourceProperty) from its response.
   *
   * @param call the operation, its inputs and what to select
   */
  @ActivityMethod
  AwsApiResult callAwsApi(AwsApiCall call);

  /**
   * Calls the operation until the selected property has one of the desired values or the timeout
   * passes (aws:waitForAwsResourceProperty); heartbeats every poll.
   *
   * @param call the operation, the property selector and the desired values
   */
  @ActivityMethod
  AwsApiResult waitForProperty(AwsApiCall call);

  /**
   * Starts or stops instances (unless only checking) and waits until each is in the desired state;
   * answers their states. Heartbeats every poll.
   *
   * @param change the instances and the state
   */
  @ActivityMethod
  List<String> changeInstanceState(InstanceStateChange change);

  /**
   * Tags resources (EC2 CreateTags, or SSM AddTagsToResource for the other types).
   *
   * @param request what to tag
   */
  @ActivityMethod
  void createTags(TagRequest request);

  /**
   * One invocation's status, exit code and the start of its output.
   *
   * @param commandId the command
   * @param instanceId the instance
   * @param maxChars at most this much output
   */
  @ActivityMethod
  CommandOutput commandOutput(String commandId, String instanceId, int maxChars);

  /** The worker's AWS region and partition. */
  @ActivityMethod
  AwsContext awsContext();
}
