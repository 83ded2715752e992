package io.ssmflow.activities.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.runbook.AwsApiCall;
import io.ssmflow.workflows.runbook.AwsApiResult;
import io.ssmflow.workflows.runbook.InstanceStateChange;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.ssmflow.workflows.runbook.TagRequest;
import io.ssmflow.workflows.runbook.doc.OutputSpec;
import io.ssmflow.workflows.runbook.doc.ParamType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runbook activities against the simulator through the unmodified SDK: operations of the four
 * services called by name with inputs set through the SDK's model metadata, responses selected with
 * JSONPath and typed, instance states, tags, errors.
 */
class RunbookActivitiesImplTest {
  static final String FLEET =
      """
      instances:
        - name: web-1
          mode: simulated
          tags: {Role: web}
        - name: web-2
          mode: simulated
          tags: {Role: web}
      """;

  @RegisterExtension
  static final SimulatorFixture<RunbookActivities> F =
      new SimulatorFixture<>(
          FLEET,
          RunbookActivities.class,
          sim -> new RunbookActivitiesImpl(sim.ssm(), sim.ec2(), sim.sns(), sim.cloudWatch()));

  private static AwsApiCall call(
      String service, String api, Map<String, Object> inputs, OutputSpec... outputs) {
    return new AwsApiCall(service, api, inputs, List.of(outputs), null, List.of(), 10);
  }

  private static OutputSpec out(String name, String selector, ParamType type) {
    return new OutputSpec(name, selector, type);
  }

  @Test
  void ec2DescribeInstancesWithAListInputAndSelectorsOfEveryType() {
    String id = F.id("web-1");
    AwsApiResult r =
        F.activities()
            .callAwsApi(
                call(
                    "ec2",
                    "DescribeInstances",
                    Map.of("InstanceIds", List.of(id)),
                    out("id", "$.Reservations[0].Instances[0].InstanceId", ParamType.STRING),
                    out("code", "$.Reservations[0].Instances[0].State.Code", ParamType.INTEGER),
                    out("state", "$.Reservations[0].Instances[0].State", ParamType.STRING_MAP),
                    out("tagKeys", "$.Reservations..Tags..Key", ParamType.STRING_LIST),
                    out("tags", "$.Reservations[0].Instances[0].Tags", ParamType.MAP_LIST),
                    out("missing", "$.Reservations[0].Nope", ParamType.STRING)));
    assertThat(r.outputs())
        .containsEntry("id", id)
        .containsEntry("code", 16)
        .containsEntry("state", Map.of("Code", 16, "Name", "running"))
        .doesNotContainKey("missing");
    assertThat(r.outputs().get("tagKeys"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains("Role");
    assertThat(r.outputs().get("tags"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains(Map.of("Key", "Role", "Value", "web"));
  }

  @Test
  void ssmCallsWithNestedStructuresAndBooleans() {
    F.activities()
        .callAwsApi(
            call(
                "ssm",
                "PutParameter",
                Map.of(
                    "Name",
                    "/rb/one",
                    "Type",
                    "String",
                    "Value",
                    "1",
                    "Tags",
                    List.of(Map.of("Key", "Owner", "Value", "ops")))));
    AwsApiResult r =
        F.activities()
            .callAwsApi(
                call(
                    "ssm",
                    "GetParameter",
                    Map.of("Name", "/rb/one"),
                    out("value", "$.Parameter.Value", ParamType.STRING),
                    out("version", "$.Parameter.Version", ParamType.INTEGER)));
    assertThat(r.outputs()).containsEntry("value", "1").containsEntry("version", 1);
    AwsApiResult info =
        F.activities()
            .callAwsApi(
                call(
                    "ssm",
                    "DescribeInstanceInformation",
                    Map.of(
                        "Filters",
                        List.of(Map.of("Key", "InstanceIds", "Values", List.of(F.id("web-2"))))),
                    out(
                        "platform",
                        "$.InstanceInformationList[0].PlatformType",
                        ParamType.STRING)));
    assertThat(info.outputs()).containsEntry("platform", "Linux");
  }

  @Test
  void snsAndCloudWatch() {
    AwsApiResult topic =
        F.activities()
            .callAwsApi(
                call(
                    "sns",
                    "CreateTopic",
                    Map.of("Name", "AutomationApproval"),
                    out("arn", "$.TopicArn", ParamType.STRING)));
    String arn = (String) topic.outputs().get("arn");
    assertThat(arn).startsWith("arn:aws:sns:");
    AwsApiResult published =
        F.activities()
            .callAwsApi(
                call(
                    "sns",
                    "Publish",
                    Map.of("TopicArn", arn, "Message", "hello"),
                    out("id", "$.MessageId", ParamType.STRING)));
    assertThat(published.outputs().get("id")).isNotNull();
    F.activities()
        .callAwsApi(
            call(
                "cloudwatch",
                "PutMetricData",
                Map.of(
                    "Namespace",
                    "rb",
                    "MetricData",
                    List.of(Map.of("MetricName", "Restarts", "Value", 1.0, "Unit", "Count")))));
    AwsApiResult metrics =
        F.activities()
            .callAwsApi(
                call(
                    "monitoring",
                    "ListMetrics",
                    Map.of("Namespace", "rb"),
                    out("names", "$.Metrics[*].MetricName", ParamType.STRING_LIST)));
    assertThat(metrics.outputs()).containsEntry("names", List.of("Restarts"));
  }

  @Test
  void aPropertyIsSelectedAndComparedForAssertAndWait() {
    String id = F.id("web-1");
    AwsApiCall running =
        new AwsApiCall(
            "ec2",
            "DescribeInstances",
            Map.of("InstanceIds", List.of(id)),
            List.of(),
            "$.Reservations[0].Instances[0].State.Name",
            List.of("running"),
            5);
    AwsApiResult r = F.activities().callAwsApi(running);
    assertThat(r.property()).isEqualTo("running");
    assertThat(r.matched()).isTrue();
    assertThat(F.activities().waitForProperty(running).matched()).isTrue();

    AwsApiCall stopped =
        new AwsApiCall(
            "ec2",
            "DescribeInstances",
            Map.of("InstanceIds", List.of(id)),
            List.of(),
            "$.Reservations[0].Instances[0].State.Name",
            List.of("stopped"),
            2);
    assertThatThrownBy(() -> F.activities().waitForProperty(stopped))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            a -> {
              assertThat(a.getType()).isEqualTo(RunbookActivities.WAIT_TIMED_OUT);
              assertThat(a.getOriginalMessage()).contains("was 'running', not one of [stopped]");
            });
  }

  @Test
  void wrongInputsAndAwsErrorsFailWithTheirReason() {
    assertThatThrownBy(
            () ->
                F.activities()
                    .callAwsApi(call("ec2", "DescribeInstances", Map.of("InstanceId", "i-1"))))
        .cause()
        .hasMessageContaining("unknown input InstanceId");
    assertThatThrownBy(
            () ->
                F.activities().callAwsApi(call("ssm", "GetParameter", Map.of("Name", "/rb/none"))))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            a -> {
              assertThat(a.getType()).isEqualTo("ParameterNotFound");
              assertThat(a.isNonRetryable()).isTrue();
            });
    assertThatThrownBy(
            () ->
                F.activities()
                    .callAwsApi(
                        call(
                            "ec2",
                            "TerminateInstances",
                            Map.of("InstanceIds", List.of(F.id("web-1"))))))
        .cause()
        .hasMessageContaining("not an allowed ec2 operation");
    assertThatThrownBy(
            () ->
                F.activities()
                    .callAwsApi(
                        call(
                            "ssm",
                            "GetParameters",
                            Map.of("Names", "not-a-list-of-maps", "WithDecryption", "maybe"))))
        .cause()
        .hasMessageContaining("WithDecryption");
  }

  @Test
  void instancesAreStoppedAndStartedAndTagged() {
    F.sim().admin("POST", "/_sim/ec2/knobs", "{\"stateChangeDuration\": \"100ms\"}");
    String id = F.id("web-2");
    assertThat(
            F.activities()
                .changeInstanceState(
                    new InstanceStateChange(List.of(id), "stopped", false, false, 30)))
        .containsExactly("stopped");
    assertThat(
            F.activities()
                .changeInstanceState(
                    new InstanceStateChange(List.of(id), "stopped", true, false, 5)))
        .containsExactly("stopped");
    assertThat(
            F.activities()
                .changeInstanceState(
                    new InstanceStateChange(List.of(id), "running", false, false, 30)))
        .containsExactly("running");
    F.activities().createTags(new TagRequest("EC2", List.of(id), Map.of("Cycled", "yes")));
    assertThat(F.sim().admin("GET", "/_sim/instances/" + id).path("tags").path("Cycled").asText())
        .isEqualTo("yes");
    F.activities()
        .callAwsApi(
            call(
                "ssm",
                "PutParameter",
                Map.of("Name", "/rb/tagged", "Type", "String", "Value", "x")));
    F.activities()
        .createTags(new TagRequest("Parameter", List.of("/rb/tagged"), Map.of("Owner", "ops")));
    AwsApiResult tags =
        F.activities()
            .callAwsApi(
                call(
                    "ssm",
                    "ListTagsForResource",
                    Map.of("ResourceType", "Parameter", "ResourceId", "/rb/tagged"),
                    out("keys", "$.TagList[*].Key", ParamType.STRING_LIST)));
    assertThat(tags.outputs()).containsEntry("keys", List.of("Owner"));
  }

  @Test
  void theRegionComesFromTheClients() {
    assertThat(F.activities().awsContext().partition()).isEqualTo("aws");
    assertThat(F.activities().awsContext().region()).isNotBlank();
  }
}
