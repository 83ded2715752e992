package io.ssmflow.workflows.params;

import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/** Runs a rollback's actions one by one (names and versions only reach history and logs). */
public class ConfigRollbackWorkflowImpl implements ConfigRollbackWorkflow {
  private static final Logger log = Workflow.getLogger(ConfigRollbackWorkflowImpl.class);

  private final ConfigActivities config =
      Workflow.newActivityStub(ConfigActivities.class, ParamsActivityOptions.calls());

  @Override
  public RollbackResult rollback(RollbackRequest request) {
    Map<String, String> done = new LinkedHashMap<>();
    int restored = 0;
    int deleted = 0;
    for (RollbackRequest.Action a : request.actions()) {
      if (a.version() == null) {
        config.delete(a.name());
        done.put(a.name(), "deleted");
        deleted++;
      } else {
        long now = config.restore(a.name(), a.version());
        done.put(a.name(), "restored version " + a.version() + " as version " + now);
        restored++;
      }
      log.info("rollback {}: {}", a.name(), done.get(a.name()));
    }
    return new RollbackResult(done, restored + " restored, " + deleted + " deleted");
  }
}
