package io.ssmflow.workflows;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The history length of every execution of a run: the parent, each child it started and every
 * continue-as-new run of each (followed through ContinuedAsNew events, not visibility queries,
 * which the test server lacks).
 */
public final class HistoryWalk {
  private HistoryWalk() {}

  /** {@code workflowId/runId} to its number of events, the parent first. */
  public static Map<String, Integer> lengths(WorkflowClient client, String parentId) {
    Map<String, Integer> out = new LinkedHashMap<>();
    WorkflowExecutionHistory parent = client.fetchHistory(parentId);
    out.put(parentId, parent.getEvents().size());
    for (HistoryEvent e : parent.getEvents()) {
      if (e.getEventType() != EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
        continue;
      }
      var started = e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution();
      String childId = started.getWorkflowId();
      String runId = started.getRunId();
      while (runId != null) {
        WorkflowExecutionHistory h = client.fetchHistory(childId, runId);
        out.put(childId + "/" + runId, h.getEvents().size());
        HistoryEvent last = h.getLastEvent();
        runId =
            last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                : null;
      }
    }
    return out;
  }
}
