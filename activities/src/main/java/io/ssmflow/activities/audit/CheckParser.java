package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.Finding;
import java.util.List;

/** Turns a check's output into findings. */
interface CheckParser {
  /**
   * @throws CheckFailed when the output allows no verdict
   */
  List<Finding> parse(CheckOutput output) throws CheckFailed;
}
