package io.ssmflow.workflows.fleet;

import java.util.List;

/**
 * One page of target resolution (one EC2 DescribeInstances page, or one chunk of explicit ids).
 *
 * @param eligible running instances of the page whose SSM agent is Online, sorted by id
 * @param skipped instances of the page that are not eligible, each with the reason
 * @param next the cursor of the next page, or null after the last one
 */
public record TargetPage(List<String> eligible, List<SkippedInstance> skipped, String next) {
  public TargetPage {
    eligible = List.copyOf(eligible);
    skipped = List.copyOf(skipped);
  }
}
