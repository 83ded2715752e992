package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AwsContext;
import io.ssmflow.workflows.runbook.doc.Templates;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The values variables resolve to in one execution: parameters, the outputs of the steps run so
 * far, and the system variables (times are workflow time, so replays render the same text).
 */
final class ExecutionContext implements Templates.Resolver {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd_HH.mm.ss").withZone(ZoneOffset.UTC);

  private final String executionId;
  private final Map<String, Object> parameters;
  private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
  private final Supplier<AwsContext> aws;
  private AwsContext awsContext;

  ExecutionContext(
      String executionId,
      Map<String, Object> parameters,
      Map<String, Map<String, Object>> earlierOutputs,
      Supplier<AwsContext> aws) {
    this.executionId = executionId;
    this.parameters = parameters;
    earlierOutputs.forEach((k, v) -> outputs.put(k, new LinkedHashMap<>(v)));
    this.aws = aws;
  }

  String executionId() {
    return executionId;
  }

  Map<String, Object> parameters() {
    return parameters;
  }

  /** Every step's outputs so far (step name to output name to value). */
  Map<String, Map<String, Object>> outputs() {
    return outputs;
  }

  /** Records a step's outputs (a later run of the same step replaces them). */
  void record(String step, Map<String, Object> values) {
    if (values != null && !values.isEmpty()) {
      outputs.put(step, new LinkedHashMap<>(values));
    }
  }

  @Override
  public Object resolve(String name) {
    switch (name) {
      case "global:DATE" -> {
        return DATE.format(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
      }
      case "global:DATE_TIME" -> {
        return DATE_TIME.format(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
      }
      case "global:REGION" -> {
        return aws().region();
      }
      case "global:AWS_PARTITION" -> {
        return aws().partition();
      }
      case "automation:EXECUTION_ID" -> {
        return executionId;
      }
      default -> {}
    }
    int dot = name.indexOf('.');
    if (dot < 0) {
      if (!parameters.containsKey(name)) {
        throw new IllegalArgumentException("unknown parameter " + name);
      }
      return parameters.get(name);
    }
    String step = name.substring(0, dot);
    String output = name.substring(dot + 1);
    Map<String, Object> values = outputs.get(step);
    if (values == null || !values.containsKey(output)) {
      throw new IllegalArgumentException(
          "{{ "
              + name
              + " }} has no value: step "
              + step
              + (values == null ? " has not run" : " produced no " + output));
    }
    return values.get(output);
  }

  private AwsContext aws() {
    if (awsContext == null) {
      awsContext = aws.get();
    }
    return awsContext;
  }
}
