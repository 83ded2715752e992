package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.SkippedInstance;
import java.util.List;

/**
 * What the outputs of some instances said.
 *
 * @param audited instances at least one of whose checks ran, with their findings and check errors
 * @param notChecked instances none of whose checks ran or gave a verdict, with the reason
 */
public record FindingsResult(List<InstanceAudit> audited, List<SkippedInstance> notChecked) {
  public FindingsResult {
    audited = List.copyOf(audited);
    notChecked = List.copyOf(notChecked);
  }
}
