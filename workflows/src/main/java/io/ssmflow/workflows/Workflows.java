package io.ssmflow.workflows;

import io.ssmflow.workflows.audit.InfrastructureAuditWorkflowImpl;
import io.ssmflow.workflows.audit.SessionAuditWorkflowImpl;
import io.ssmflow.workflows.deploy.DeploymentLock;
import io.ssmflow.workflows.deploy.DeploymentWorkflowImpl;
import io.ssmflow.workflows.fleetrun.FleetRunWorkflowImpl;
import io.ssmflow.workflows.params.ConfigDeploymentWorkflowImpl;
import io.ssmflow.workflows.params.ConfigRollbackWorkflowImpl;
import io.ssmflow.workflows.params.ParameterAuditWorkflowImpl;
import io.ssmflow.workflows.patch.PatchWorkflowImpl;
import io.ssmflow.workflows.patch.SnapshotRetentionWorkflowImpl;
import io.ssmflow.workflows.runbook.run.RunCommandWorkflowImpl;
import io.ssmflow.workflows.runbook.run.RunbookWorkflowImpl;
import io.ssmflow.workflows.window.MaintenanceWindowWorkflowImpl;
import java.util.List;

/** The workflow implementation classes a worker registers on its task queue. */
public final class Workflows {
  private Workflows() {}

  /** Every workflow implementation (parents and their children). */
  public static List<Class<?>> implementations() {
    return List.of(
        DeploymentWorkflowImpl.class,
        FleetRunWorkflowImpl.class,
        DeploymentLock.Impl.class,
        InfrastructureAuditWorkflowImpl.class,
        SessionAuditWorkflowImpl.class,
        PatchWorkflowImpl.class,
        SnapshotRetentionWorkflowImpl.class,
        ConfigDeploymentWorkflowImpl.class,
        ConfigRollbackWorkflowImpl.class,
        ParameterAuditWorkflowImpl.class,
        MaintenanceWindowWorkflowImpl.class,
        RunbookWorkflowImpl.class,
        RunCommandWorkflowImpl.class);
  }
}
