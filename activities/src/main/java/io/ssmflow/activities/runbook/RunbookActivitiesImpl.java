package io.ssmflow.activities.runbook;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.runbook.AwsApiCall;
import io.ssmflow.workflows.runbook.AwsApiResult;
import io.ssmflow.workflows.runbook.AwsContext;
import io.ssmflow.workflows.runbook.CommandOutput;
import io.ssmflow.workflows.runbook.InstanceStateChange;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.ssmflow.workflows.runbook.TagRequest;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * The AWS side of runbook steps: allow-listed API calls with selection, waits, instance states,
 * tags, command outputs. Only the selected values leave the activity, never a whole response.
 */
public final class RunbookActivitiesImpl implements RunbookActivities {
  private final SsmClient ssm;
  private final Ec2Client ec2;
  private final AwsApiInvoker invoker;
  private final InstanceStates states;

  @Inject
  public RunbookActivitiesImpl(
      SsmClient ssm, Ec2Client ec2, SnsClient sns, CloudWatchClient cloudWatch) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.ec2 = requireNonNull(ec2, "ec2 is null");
    this.invoker = new AwsApiInvoker(ssm, ec2, sns, cloudWatch);
    this.states = new InstanceStates(ec2);
  }

  @Override
  public AwsApiResult callAwsApi(AwsApiCall call) {
    return select(call, respond(call));
  }

  @Override
  public AwsApiResult waitForProperty(AwsApiCall call) {
    AwsApiResult[] last = new AwsApiResult[1];
    boolean reached =
        Waits.until(
            Duration.ofSeconds(call.timeoutSeconds()),
            () -> {
              last[0] = select(call, respond(call));
              return last[0].matched();
            },
            call.api() + " " + call.propertySelector());
    if (!reached) {
      throw ApplicationFailure.newNonRetryableFailure(
          call.propertySelector()
              + " was "
              + (last[0] == null || last[0].property() == null
                  ? "absent"
                  : "'" + last[0].property() + "'")
              + ", not one of "
              + call.desiredValues()
              + ", for "
              + call.timeoutSeconds()
              + " s",
          WAIT_TIMED_OUT);
    }
    return last[0];
  }

  private Map<String, Object> respond(AwsApiCall call) {
    try {
      return invoker.call(call.service(), call.api(), call.inputs());
    } catch (IllegalArgumentException e) {
      throw AwsFailures.invalid(call.api() + ": " + e.getMessage());
    } catch (SdkException e) {
      throw AwsFailures.of(call.service() + " " + call.api(), e);
    }
  }

  private static AwsApiResult select(AwsApiCall call, Map<String, Object> response) {
    try {
      Map<String, Object> outputs = Selections.outputs(response, call.outputs());
      if (call.propertySelector() == null) {
        return new AwsApiResult(outputs, null, false);
      }
      String property =
          Selections.property(response, call.propertySelector(), call.desiredValues());
      return new AwsApiResult(
          outputs, property, Selections.matches(property, call.desiredValues()));
    } catch (IllegalArgumentException e) {
      throw AwsFailures.invalid(e.getMessage());
    }
  }

  @Override
  public List<String> changeInstanceState(InstanceStateChange change) {
    try {
      return states.change(change);
    } catch (SdkException e) {
      throw AwsFailures.of("ec2 " + change.desiredState(), e);
    }
  }

  @Override
  public void createTags(TagRequest request) {
    try {
      if (request.resourceType().equals("EC2")) {
        List<Tag> tags = new ArrayList<>();
        request.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        ec2.createTags(b -> b.resources(request.resourceIds()).tags(tags));
        return;
      }
      List<software.amazon.awssdk.services.ssm.model.Tag> tags = new ArrayList<>();
      request
          .tags()
          .forEach(
              (k, v) ->
                  tags.add(
                      software.amazon.awssdk.services.ssm.model.Tag.builder()
                          .key(k)
                          .value(v)
                          .build()));
      ssm.addTagsToResource(
          b ->
              b.resourceType(request.resourceType())
                  .resourceId(request.resourceIds().get(0))
                  .tags(tags));
    } catch (SdkException e) {
      throw AwsFailures.of("tagging " + request.resourceIds(), e);
    }
  }

  @Override
  public CommandOutput commandOutput(String commandId, String instanceId, int maxChars) {
    try {
      GetCommandInvocationResponse r =
          ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId));
      String out = r.standardOutputContent() == null ? "" : r.standardOutputContent();
      return new CommandOutput(
          r.statusAsString(),
          r.responseCode() == null ? -1 : r.responseCode(),
          out.length() <= maxChars ? out : out.substring(0, maxChars));
    } catch (SdkException e) {
      throw AwsFailures.of("GetCommandInvocation " + commandId, e);
    }
  }

  @Override
  public AwsContext awsContext() {
    Region region = ssm.serviceClientConfiguration().region();
    String name = region == null ? "us-east-1" : region.id();
    Map<String, String> partitions =
        new HashMap<>(Map.of("cn-", "aws-cn", "us-gov-", "aws-us-gov"));
    String partition =
        partitions.entrySet().stream()
            .filter(e -> name.startsWith(e.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse("aws");
    return new AwsContext(name, partition);
  }
}
