package io.ssmflow.cli.schedule;

import io.ssmflow.cli.Durations;
import io.ssmflow.workflows.schedule.AwsSchedule;
import java.time.Duration;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** The window flags of {@code create} and {@code update} (null: not given). */
final class WindowOptions {
  /** AWS maintenance windows last at most 24 hours. */
  static final Duration MAX_DURATION = Duration.ofHours(24);

  @Option(
      names = "--cron",
      paramLabel = "'cron(...)'",
      description = "AWS cron: cron(min hour day-of-month month day-of-week year).")
  String cron;

  @Option(
      names = "--rate",
      paramLabel = "'rate(N unit)'",
      description = "AWS rate: rate(N minute(s)|hour(s)|day(s)).")
  String rate;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "IANA time zone of the expression (create default: UTC).")
  String timezone;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "How long the window is open; running tasks are cancelled at its end"
              + " (create default: 4h).")
  String duration;

  @Option(
      names = "--cutoff",
      paramLabel = "DURATION",
      description =
          "No task and no new instance starts in the window's last DURATION"
              + " (create default: 1h).")
  String cutoff;

  @Option(
      names = "--overlap",
      paramLabel = "skip|buffer-one|allow",
      description =
          "A run due while the previous one runs: skip (create default), buffer-one" + " or allow.")
  String overlap;

  /** The expression given, or null; both given is an error. */
  AwsSchedule expression() {
    if (cron != null && rate != null) {
      throw new IllegalArgumentException("give --cron or --rate, not both");
    }
    if (cron != null) {
      if (!cron.trim().startsWith("cron(")) {
        throw new IllegalArgumentException("--cron takes cron(...), not '" + cron + "'");
      }
      return AwsSchedule.parse(cron);
    }
    if (rate != null) {
      if (!rate.trim().startsWith("rate(")) {
        throw new IllegalArgumentException("--rate takes rate(N unit), not '" + rate + "'");
      }
      return AwsSchedule.parse(rate);
    }
    return null;
  }

  ZoneId zone(ZoneId otherwise) {
    return timezone == null ? otherwise : AwsSchedule.zone(timezone);
  }

  Duration duration(Duration otherwise) {
    return duration == null
        ? otherwise
        : Durations.parse("duration", duration, Durations.MIN_TIMEOUT, MAX_DURATION);
  }

  Duration cutoff(Duration otherwise) {
    if (cutoff == null) {
      return otherwise;
    }
    return Durations.parse("cutoff", cutoff, Duration.ZERO, MAX_DURATION);
  }

  Overlap overlap(Overlap otherwise) {
    return overlap == null ? otherwise : Overlap.parse(overlap);
  }

  /** 4h, 90m, 1h30m, 45s. */
  static String human(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0) {
      b.append(m).append('m');
    }
    if (s > 0 || b.length() == 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
