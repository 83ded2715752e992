package io.ssmflow.activities;

import io.ssmflow.activities.alarm.AlarmActivitiesImpl;
import io.ssmflow.activities.audit.AuditActivitiesImpl;
import io.ssmflow.activities.audit.SessionActivitiesImpl;
import io.ssmflow.activities.command.CommandActivitiesImpl;
import io.ssmflow.activities.fleet.FleetActivitiesImpl;
import io.ssmflow.activities.notify.NotificationActivitiesImpl;
import io.ssmflow.activities.params.ConfigActivitiesImpl;
import io.ssmflow.activities.params.ParameterActivitiesImpl;
import io.ssmflow.activities.params.ParameterAuditActivitiesImpl;
import io.ssmflow.activities.patch.PatchActivitiesImpl;
import io.ssmflow.activities.runbook.RunbookActivitiesImpl;
import java.util.List;

/**
 * The activity implementation classes a worker registers; each has one {@code @Inject} constructor,
 * so the worker's injector builds them.
 */
public final class ActivityImplementations {
  private ActivityImplementations() {}

  public static List<Class<?>> classes() {
    return List.of(
        FleetActivitiesImpl.class,
        AlarmActivitiesImpl.class,
        CommandActivitiesImpl.class,
        ParameterActivitiesImpl.class,
        NotificationActivitiesImpl.class,
        AuditActivitiesImpl.class,
        SessionActivitiesImpl.class,
        PatchActivitiesImpl.class,
        ConfigActivitiesImpl.class,
        ParameterAuditActivitiesImpl.class,
        RunbookActivitiesImpl.class);
  }
}
