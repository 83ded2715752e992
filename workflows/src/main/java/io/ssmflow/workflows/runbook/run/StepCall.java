package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.doc.Action;
import io.ssmflow.workflows.runbook.doc.OutputSpec;
import java.util.List;
import java.util.Map;

/**
 * One attempt of an action, its inputs rendered.
 *
 * @param stepName the step (a rollback or validation carries its step's name)
 * @param action the action
 * @param inputs the rendered inputs
 * @param outputs user-defined outputs (aws:executeAwsApi)
 * @param timeoutSeconds the step's timeout, or the action's default (0: none)
 * @param deadlineMillis when the step times out, or the window's cutoff if earlier (0: none)
 * @param entry the step's ledger entry (gates set it Waiting)
 * @param childName the suffix of a child workflow's id, unique in the execution (e.g. {@code
 *     restart-3}, {@code restart-3.2} for a second attempt)
 */
record StepCall(
    String stepName,
    Action action,
    Map<String, Object> inputs,
    List<OutputSpec> outputs,
    int timeoutSeconds,
    long deadlineMillis,
    StepLedger.Entry entry,
    String childName) {}
