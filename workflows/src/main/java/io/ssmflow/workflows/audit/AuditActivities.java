package io.ssmflow.workflows.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The audit's side of its checks: what each check runs, and what its output means. The commands
 * themselves run through the fleet-run engine; outputs are fetched (GetCommandInvocation) and
 * parsed inside {@link #readFindings}, so only typed findings enter workflow history.
 */
@ActivityInterface
public interface AuditActivities {
  /**
   * The shell lines and execution timeout of each check: a built-in check's from the catalog that
   * also holds its parser, a custom check's as given. Asked once at the start of an audit, so the
   * commands are recorded in its history. No AWS call.
   *
   * @param checks the audit's validated checks
   */
  @ActivityMethod
  List<CheckCommand> checkCommands(List<AuditCheck> checks);

  /**
   * Fetches the output of each check that ran on each instance and parses it into findings; an
   * instance none of whose checks ran (undelivered) or gave a verdict is not checked.
   *
   * @param request at most 50 instances with their checks' command ids
   */
  @ActivityMethod
  FindingsResult readFindings(FindingsRequest request);
}
