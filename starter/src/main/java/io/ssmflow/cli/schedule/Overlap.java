package io.ssmflow.cli.schedule;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.util.Locale;

/** {@code --overlap}: what a schedule does when a run is due while the previous one runs. */
enum Overlap {
  /** Skip the new run (an SSM window does not overlap itself). */
  SKIP("skip", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
  /** Start it once the running one ends (at most one waits). */
  BUFFER_ONE("buffer-one", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
  /** Run both. */
  ALLOW("allow", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);

  final String cliName;
  final ScheduleOverlapPolicy policy;

  Overlap(String cliName, ScheduleOverlapPolicy policy) {
    this.cliName = cliName;
    this.policy = policy;
  }

  static Overlap parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Overlap o : values()) {
      if (o.cliName.equals(t)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "overlap must be skip, buffer-one or allow, not '" + text + "'");
  }

  static Overlap of(ScheduleOverlapPolicy policy) {
    for (Overlap o : values()) {
      if (o.policy == policy) {
        return o;
      }
    }
    return SKIP;
  }
}
