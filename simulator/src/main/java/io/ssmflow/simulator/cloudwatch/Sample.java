package io.ssmflow.simulator.cloudwatch;

/**
 * One datum as PutMetricData stored it: a single value, a Values/Counts set or a statistic set.
 * {@code values}/{@code counts} keep the raw distribution when there is one (percentiles need it);
 * a statistic set only has one when SampleCount is 1 or Minimum equals Maximum, as AWS says.
 */
record Sample(
    long timeMillis,
    double count,
    double sum,
    double min,
    double max,
    double[] values,
    double[] counts,
    String unit) {

  static Sample of(long timeMillis, double value, String unit) {
    return new Sample(
        timeMillis, 1, value, value, value, new double[] {value}, new double[] {1}, unit);
  }
}
