package io.ssmflow.cli.runbook;

import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.StepExecution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run in the shape of {@code aws ssm get-automation-execution}: {@code {"AutomationExecution":
 * {..., "StepExecutions": [...]}}} with SSM's member names, times in epoch seconds, step inputs as
 * JSON text and outputs as lists of strings, the steps that have not run as Pending, so scripts
 * written for SSM read it unchanged.
 */
final class AutomationJson {
  private AutomationJson() {}

  static Map<String, Object> of(AutomationExecution e) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("AutomationExecutionId", e.executionId());
    a.put("DocumentName", e.documentName());
    a.put("DocumentVersion", "1");
    put(a, "ExecutionStartTime", e.startMillis());
    put(a, "ExecutionEndTime", e.endMillis());
    a.put("AutomationExecutionStatus", e.status().awsName());
    List<Object> steps = new ArrayList<>();
    for (StepExecution s : e.steps()) {
      steps.add(step(s));
    }
    for (String name : e.pendingSteps()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("StepName", name);
      p.put("StepStatus", "Pending");
      steps.add(p);
    }
    a.put("StepExecutions", steps);
    a.put("StepExecutionsTruncated", false);
    a.put("Parameters", e.parameters());
    a.put("Outputs", e.outputs());
    if (e.failureMessage() != null) {
      a.put("FailureMessage", e.failureMessage());
    }
    a.put("Mode", "Auto");
    if (e.executedBy() != null) {
      a.put("ExecutedBy", e.executedBy());
    }
    if (e.currentStepName() != null && !e.status().terminal()) {
      a.put("CurrentStepName", e.currentStepName());
      a.put("CurrentAction", e.currentAction());
    }
    a.put("AutomationType", "Local");
    if (e.redriveCount() > 0) {
      a.put("RedriveCount", e.redriveCount());
    }
    return Map.of("AutomationExecution", a);
  }

  private static Map<String, Object> step(StepExecution s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("StepName", s.stepName());
    m.put("Action", s.action());
    if (s.timeoutSeconds() > 0) {
      m.put("TimeoutSeconds", s.timeoutSeconds());
    }
    m.put("OnFailure", s.onFailure());
    m.put("OnCancel", s.onCancel());
    m.put("MaxAttempts", s.maxAttempts());
    put(m, "ExecutionStartTime", s.startMillis());
    put(m, "ExecutionEndTime", s.endMillis());
    m.put("StepStatus", s.status().awsName());
    m.put("Inputs", s.inputs());
    m.put("Outputs", s.outputs());
    if (s.failureMessage() != null) {
      m.put("FailureMessage", s.failureMessage());
    }
    m.put("StepExecutionId", s.stepExecutionId());
    m.put("OverriddenParameters", Map.of());
    m.put("IsEnd", s.end());
    if (s.nextStep() != null) {
      m.put("NextStep", s.nextStep());
    }
    m.put("IsCritical", s.critical());
    m.put("ValidNextSteps", s.validNextSteps());
    return m;
  }

  private static void put(Map<String, Object> m, String key, long millis) {
    if (millis > 0) {
      m.put(key, millis / 1000.0);
    }
  }
}
