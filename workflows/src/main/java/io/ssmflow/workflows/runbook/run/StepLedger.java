package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.StepExecution;
import io.ssmflow.workflows.runbook.doc.StepSpec;
import io.ssmflow.workflows.runbook.doc.Values;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every step execution of a run, in order, as the {@code execution} query shows them. Inputs and
 * outputs are kept short: each value at most {@link #MAX_VALUE} characters.
 */
final class StepLedger {
  static final int MAX_VALUE = 2_000;

  /** One step execution while it runs. */
  static final class Entry {
    final String stepName;
    final String action;
    final String id;
    AutomationStatus status = AutomationStatus.IN_PROGRESS;
    final long startMillis;
    long endMillis;
    Map<String, String> inputs = Map.of();
    Map<String, List<String>> outputs = Map.of();
    String failureMessage;
    int attempts;
    final StepSpec spec;
    final List<String> validNextSteps;
    String chosenNext;

    Entry(String stepName, String action, String id, StepSpec spec, List<String> next) {
      this.stepName = stepName;
      this.action = action;
      this.id = id;
      this.spec = spec;
      this.validNextSteps = next;
      this.startMillis = Workflow.currentTimeMillis();
    }

    StepExecution view() {
      return new StepExecution(
          stepName,
          action,
          id,
          status,
          startMillis,
          endMillis,
          inputs,
          outputs,
          failureMessage,
          attempts,
          spec == null ? 1 : spec.maxAttempts(),
          spec == null ? 0 : spec.timeoutSeconds(),
          spec == null ? StepSpec.ABORT : spec.onFailure(),
          spec == null ? StepSpec.ABORT : spec.onCancel(),
          spec == null || spec.criticalStep(),
          spec != null && spec.end(),
          chosenNext,
          validNextSteps,
          false);
    }
  }

  private final List<StepExecution> carried = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();
  private int sequence;

  /** Shows the steps of the run before a redrive first, as they were. */
  void carry(List<StepExecution> earlier) {
    for (StepExecution s : earlier) {
      carried.add(s.carried());
    }
    sequence = earlier.size();
  }

  /** Starts an entry (InProgress). */
  Entry start(String stepName, String action, StepSpec spec, List<String> validNextSteps) {
    sequence++;
    Entry e = new Entry(stepName, action, stepName + "-" + sequence, spec, validNextSteps);
    entries.add(e);
    return e;
  }

  /** How many step executions this run made. */
  int size() {
    return entries.size();
  }

  /** The number of the last entry started (unique ids for children). */
  int sequence() {
    return sequence;
  }

  /** Every entry, the carried ones first. */
  List<StepExecution> all() {
    List<StepExecution> out = new ArrayList<>(carried);
    for (Entry e : entries) {
      out.add(e.view());
    }
    return out;
  }

  /** The entries of this run. */
  List<Entry> entries() {
    return entries;
  }

  /** The entry running now (the last one not terminal), or null. */
  Entry current() {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (!entries.get(i).status.terminal()) {
        return entries.get(i);
      }
    }
    return entries.isEmpty() ? null : entries.get(entries.size() - 1);
  }

  static void inputs(Entry e, Map<String, Object> rendered) {
    Map<String, String> out = new LinkedHashMap<>();
    rendered.forEach((k, v) -> out.put(k, Values.clip(Values.json(v), MAX_VALUE)));
    e.inputs = out;
  }

  static void finish(
      Entry e, AutomationStatus status, Map<String, Object> outputs, String message) {
    e.status = status;
    e.endMillis = Workflow.currentTimeMillis();
    e.failureMessage = message == null ? null : Values.clip(message, MAX_VALUE);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (outputs != null) {
      outputs.forEach(
          (k, v) -> {
            List<String> values = new ArrayList<>();
            for (String s : Values.strings(v)) {
              values.add(Values.clip(s, MAX_VALUE));
            }
            out.put(k, values);
          });
    }
    e.outputs = out;
  }
}
