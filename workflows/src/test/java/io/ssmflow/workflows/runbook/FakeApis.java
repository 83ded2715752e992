package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.runbook.doc.JsonPath;
import io.ssmflow.workflows.runbook.doc.OutputSpec;
import io.ssmflow.workflows.runbook.doc.Values;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The AWS side of runbook steps, in memory: a few SSM, EC2 and SNS operations (a parameter store,
 * instance states from the {@link FakeFleet}), selection as the real activity does it, and a record
 * of every call.
 */
public final class FakeApis implements RunbookActivities, NotificationActivities {
  private final FakeFleet fleet;
  final Map<String, String> parameters = new ConcurrentHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final Map<String, Function<Map<String, Object>, Map<String, Object>>> apis =
      new LinkedHashMap<>();

  public FakeApis(FakeFleet fleet) {
    this.fleet = fleet;
    apis.put(
        "ssm.DescribeInstanceInformation",
        in -> {
          List<Object> list = new ArrayList<>();
          for (String id : fleet.ids()) {
            list.add(Map.of("InstanceId", id, "PingStatus", "Online", "PlatformType", "Linux"));
          }
          return Map.of("InstanceInformationList", list);
        });
    apis.put(
        "ssm.PutParameter",
        in -> {
          parameters.put(Values.text(in.get("Name")), Values.text(in.get("Value")));
          return Map.of("Version", 1);
        });
    apis.put(
        "ssm.GetParameter",
        in -> {
          String name = Values.text(in.get("Name"));
          if (!parameters.containsKey(name)) {
            throw ApplicationFailure.newNonRetryableFailure(
                "ParameterNotFound: " + name, "ParameterNotFound");
          }
          return Map.of("Parameter", Map.of("Name", name, "Value", parameters.get(name)));
        });
    apis.put(
        "ssm.DeleteParameter",
        in -> {
          parameters.remove(Values.text(in.get("Name")));
          return Map.of();
        });
    apis.put("sns.Publish", in -> Map.of("MessageId", "m-1"));
    apis.put(
        "ec2.DescribeInstances",
        in -> {
          List<Object> reservations = new ArrayList<>();
          for (Object id : (List<?>) in.get("InstanceIds")) {
            reservations.add(
                Map.of(
                    "Instances",
                    List.of(
                        Map.of(
                            "InstanceId",
                            id,
                            "State",
                            Map.of(
                                "Name",
                                fleet.states.getOrDefault(String.valueOf(id), "terminated"))))));
          }
          return Map.of("Reservations", reservations);
        });
  }

  /** EC2 StartInstances and StopInstances through executeAwsApi, changing the fleet's states. */
  public synchronized void addStateChanges() {
    for (String api : List.of("StartInstances", "StopInstances")) {
      apis.put(
          "ec2." + api,
          in -> {
            for (Object id : (List<?>) in.get("InstanceIds")) {
              fleet.states.put(
                  String.valueOf(id), api.equals("StartInstances") ? "running" : "stopped");
            }
            return Map.of();
          });
    }
  }

  /** Every call, as {@code service.Api}, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public AwsApiResult callAwsApi(AwsApiCall call) {
    Map<String, Object> response = respond(call);
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (OutputSpec o : call.outputs()) {
      Object v = JsonPath.parse(o.selector()).select(response);
      if (v != null) {
        outputs.put(o.name(), Values.coerce(v, o.type()));
      }
    }
    if (call.propertySelector() == null) {
      return new AwsApiResult(outputs, null, false);
    }
    Object p = JsonPath.parse(call.propertySelector()).select(response);
    String property = p == null ? null : Values.text(p);
    return new AwsApiResult(outputs, property, call.desiredValues().contains(property));
  }

  @Override
  public AwsApiResult waitForProperty(AwsApiCall call) {
    AwsApiResult r = callAwsApi(call);
    if (!r.matched()) {
      throw ApplicationFailure.newNonRetryableFailure(
          call.propertySelector() + " is " + r.property(), WAIT_TIMED_OUT);
    }
    return r;
  }

  private synchronized Map<String, Object> respond(AwsApiCall call) {
    String key = call.service() + "." + call.api();
    calls.add(key);
    Function<Map<String, Object>, Map<String, Object>> api = apis.get(key);
    if (api == null) {
      throw ApplicationFailure.newNonRetryableFailure("the fake has no " + key, "Unsupported");
    }
    return api.apply(call.inputs());
  }

  @Override
  public synchronized List<String> changeInstanceState(InstanceStateChange change) {
    calls.add(
        "ec2." + (change.desiredState().equals("running") ? "StartInstances" : "StopInstances"));
    List<String> out = new ArrayList<>();
    for (String id : change.instanceIds()) {
      if (!change.checkStateOnly()) {
        fleet.states.put(id, change.desiredState());
      }
      out.add(fleet.states.get(id));
    }
    return out;
  }

  @Override
  public synchronized void createTags(TagRequest request) {
    calls.add("ec2.CreateTags " + request.resourceIds() + " " + request.tags());
  }

  @Override
  public CommandOutput commandOutput(String commandId, String instanceId, int maxChars) {
    return fleet.output(commandId, instanceId);
  }

  @Override
  public AwsContext awsContext() {
    return new AwsContext("us-east-1", "aws");
  }

  @Override
  public synchronized String publish(String topicArn, String subject, String message) {
    calls.add("sns.Publish " + subject);
    return "m-1";
  }

  @Override
  public void putMetrics(
      String namespace, Map<String, String> dimensions, List<MetricDatum> data) {}
}
