package io.ssmflow.simulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics through SDK v2 (CBOR). */
class CloudWatchMetricsTest {
  private static TestSimulator sim;
  private static CloudWatchClient cw;

  /** Three whole minutes that end at least two minutes ago. */
  private Instant base;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    cw = sim.cloudWatch();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.admin("POST", "/_sim/reset");
    base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
  }

  private static Dimension dim(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private void put(String metric, double value, Instant at, Dimension... dims) {
    cw.putMetricData(
        r ->
            r.namespace("App")
                .metricData(
                    MetricDatum.builder()
                        .metricName(metric)
                        .value(value)
                        .timestamp(at)
                        .dimensions(dims)
                        .unit(StandardUnit.MILLISECONDS)
                        .build()));
  }

  @Test
  void statisticsPerPeriod() {
    Dimension host = dim("Host", "web-1");
    put("Latency", 10, base.plusSeconds(5), host);
    put("Latency", 30, base.plusSeconds(50), host);
    put("Latency", 50, base.plusSeconds(65), host);
    cw.putMetricData(
        r ->
            r.namespace("App")
                .metricData(
                    MetricDatum.builder()
                        .metricName("Latency")
                        .dimensions(host)
                        .timestamp(base.plusSeconds(130))
                        .unit(StandardUnit.MILLISECONDS)
                        .statisticValues(
                            StatisticSet.builder()
                                .sampleCount(4.0)
                                .sum(100.0)
                                .minimum(5.0)
                                .maximum(60.0)
                                .build())
                        .build()));
    // Another dimension set is another metric and must not leak in.
    put("Latency", 1000, base.plusSeconds(10), dim("Host", "web-2"));

    GetMetricStatisticsResponse r =
        cw.getMetricStatistics(
            q ->
                q.namespace("App")
                    .metricName("Latency")
                    .dimensions(host)
                    .startTime(base)
                    .endTime(base.plusSeconds(180))
                    .period(60)
                    .statistics(
                        Statistic.SAMPLE_COUNT,
                        Statistic.AVERAGE,
                        Statistic.SUM,
                        Statistic.MINIMUM,
                        Statistic.MAXIMUM));

    assertThat(r.label()).isEqualTo("Latency");
    List<Datapoint> dps =
        r.datapoints().stream().sorted(Comparator.comparing(Datapoint::timestamp)).toList();
    assertThat(dps).hasSize(3);
    assertThat(dps.get(0).timestamp()).isEqualTo(base);
    assertThat(dps.get(0).sampleCount()).isEqualTo(2.0);
    assertThat(dps.get(0).sum()).isEqualTo(40.0);
    assertThat(dps.get(0).average()).isEqualTo(20.0);
    assertThat(dps.get(0).minimum()).isEqualTo(10.0);
    assertThat(dps.get(0).maximum()).isEqualTo(30.0);
    assertThat(dps.get(0).unit()).isEqualTo(StandardUnit.MILLISECONDS);
    assertThat(dps.get(1).timestamp()).isEqualTo(base.plusSeconds(60));
    assertThat(dps.get(1).sum()).isEqualTo(50.0);
    assertThat(dps.get(2).sampleCount()).isEqualTo(4.0);
    assertThat(dps.get(2).average()).isEqualTo(25.0);
    assertThat(dps.get(2).minimum()).isEqualTo(5.0);
    assertThat(dps.get(2).maximum()).isEqualTo(60.0);

    GetMetricStatisticsResponse whole =
        cw.getMetricStatistics(
            q ->
                q.namespace("App")
                    .metricName("Latency")
                    .dimensions(host)
                    .startTime(base)
                    .endTime(base.plusSeconds(180))
                    .period(180)
                    .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT));
    assertThat(whole.datapoints())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.sum()).isEqualTo(190.0);
              assertThat(d.sampleCount()).isEqualTo(7.0);
              assertThat(d.average()).isNull();
            });
  }

  @Test
  void percentilesUnitsAndDistributions() {
    cw.putMetricData(
        r ->
            r.namespace("App")
                .metricData(
                    MetricDatum.builder()
                        .metricName("Size")
                        .timestamp(base.plusSeconds(1))
                        .unit(StandardUnit.BYTES)
                        .values(1.0, 2.0, 3.0, 100.0)
                        .counts(1.0, 1.0, 7.0, 1.0)
                        .build()));
    GetMetricStatisticsResponse p =
        cw.getMetricStatistics(
            q ->
                q.namespace("App")
                    .metricName("Size")
                    .startTime(base)
                    .endTime(base.plusSeconds(60))
                    .period(60)
                    .extendedStatistics("p50", "p90", "p100"));
    Datapoint d = p.datapoints().get(0);
    assertThat(d.extendedStatistics())
        .containsEntry("p50", 3.0)
        .containsEntry("p90", 3.0)
        .containsEntry("p100", 100.0);
    assertThat(d.sum()).isNull();

    GetMetricStatisticsResponse stats =
        cw.getMetricStatistics(
            q ->
                q.namespace("App")
                    .metricName("Size")
                    .startTime(base)
                    .endTime(base.plusSeconds(60))
                    .period(60)
                    .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT));
    assertThat(stats.datapoints().get(0).sum()).isEqualTo(1 + 2 + 21 + 100.0);
    assertThat(stats.datapoints().get(0).sampleCount()).isEqualTo(10.0);

    GetMetricStatisticsResponse otherUnit =
        cw.getMetricStatistics(
            q ->
                q.namespace("App")
                    .metricName("Size")
                    .startTime(base)
                    .endTime(base.plusSeconds(60))
                    .period(60)
                    .statistics(Statistic.SUM)
                    .unit(StandardUnit.SECONDS));
    assertThat(otherUnit.datapoints()).isEmpty();
  }

  @Test
  void errorsAreModeledExceptionsWithQueryCodes() {
    assertThatThrownBy(
            () ->
                cw.putMetricData(
                    r ->
                        r.namespace("AWS/EC2")
                            .metricData(MetricDatum.builder().metricName("x").value(1.0).build())))
        .isInstanceOfSatisfying(
            InvalidParameterValueException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("The value AWS/EC2 for parameter Namespace");
            });
    assertThatThrownBy(
            () ->
                cw.putMetricData(
                    r ->
                        r.namespace("App")
                            .metricData(
                                MetricDatum.builder()
                                    .metricName("x")
                                    .value(1.0)
                                    .values(1.0, 2.0)
                                    .build())))
        .isInstanceOfSatisfying(
            InvalidParameterCombinationException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidParameterCombination"));
    assertThatThrownBy(
            () ->
                cw.putMetricData(
                    r -> r.namespace("App").metricData(MetricDatum.builder().value(1.0).build())))
        .isInstanceOfSatisfying(
            MissingRequiredParameterException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter"));
    assertThatThrownBy(
            () ->
                cw.putMetricData(
                    r ->
                        r.namespace("App")
                            .metricData(
                                MetricDatum.builder()
                                    .metricName("x")
                                    .values(1.0, 2.0)
                                    .counts(1.0)
                                    .build())))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("must be of the same size");
    assertThatThrownBy(
            () ->
                cw.putMetricData(
                    r ->
                        r.namespace("App")
                            .metricData(
                                MetricDatum.builder()
                                    .metricName("x")
                                    .value(1.0)
                                    .timestamp(Instant.now().minus(Duration.ofDays(20)))
                                    .build())))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("past two weeks");
    List<MetricDatum> tooMany =
        IntStream.range(0, 1001)
            .mapToObj(i -> MetricDatum.builder().metricName("m").value(1.0).build())
            .toList();
    assertThatThrownBy(() -> cw.putMetricData(r -> r.namespace("App").metricData(tooMany)))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("greater than 1000");

    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    q ->
                        q.namespace("App")
                            .metricName("x")
                            .startTime(base)
                            .endTime(base.plusSeconds(60))
                            .period(45)
                            .statistics(Statistic.SUM)))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("multiple of 60");
    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    q ->
                        q.namespace("App")
                            .metricName("x")
                            .startTime(base)
                            .endTime(base)
                            .period(60)
                            .statistics(Statistic.SUM)))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("StartTime must be less than");
    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    q ->
                        q.namespace("App")
                            .metricName("x")
                            .startTime(base)
                            .endTime(base.plusSeconds(60))
                            .period(60)))
        .isInstanceOf(InvalidParameterCombinationException.class);
    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    q ->
                        q.namespace("App")
                            .metricName("x")
                            .startTime(base.minus(Duration.ofDays(2)))
                            .endTime(base)
                            .period(60)
                            .statistics(Statistic.SUM)))
        .isInstanceOf(InvalidParameterCombinationException.class)
        .hasMessageContaining("exceeds the limit of 1,440");
    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    q ->
                        q.namespace("App")
                            .metricName("x")
                            .startTime(base)
                            .endTime(base.plusSeconds(60))
                            .period(60)
                            .extendedStatistics("p101")))
        .isInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void largePutMetricDataIsGzippedBySdkAndAccepted() {
    List<String> encodings = new CopyOnWriteArrayList<>();
    ExecutionInterceptor spy =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            encodings.add(
                context.httpRequest().firstMatchingHeader("Content-Encoding").orElse("identity"));
          }
        };
    try (CloudWatchClient client =
        CloudWatchClient.builder()
            .endpointOverride(sim.endpoint())
            .region(Region.US_EAST_1)
            .httpClientBuilder(ApacheHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .overrideConfiguration(o -> o.addExecutionInterceptor(spy))
            .build()) {
      List<MetricDatum> data = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        data.add(
            MetricDatum.builder()
                .metricName("Bulk")
                .value((double) i)
                .dimensions(dim("Shard", "shard-" + (i % 10)))
                .timestamp(base.plusSeconds(i % 60))
                .build());
      }
      client.putMetricData(r -> r.namespace("Load").metricData(data));
    }
    assertThat(encodings).containsExactly("gzip");
    GetMetricStatisticsResponse r =
        cw.getMetricStatistics(
            q ->
                q.namespace("Load")
                    .metricName("Bulk")
                    .dimensions(dim("Shard", "shard-3"))
                    .startTime(base)
                    .endTime(base.plusSeconds(60))
                    .period(60)
                    .statistics(Statistic.SAMPLE_COUNT, Statistic.SUM));
    assertThat(r.datapoints().get(0).sampleCount()).isEqualTo(100.0);
    assertThat(r.datapoints().get(0).sum())
        .isEqualTo((double) IntStream.range(0, 1000).filter(i -> i % 10 == 3).sum());
  }

  @Test
  void getMetricDataWithStatsExpressionsAndPaging() {
    for (int m = 0; m < 3; m++) {
      Instant at = base.plusSeconds(60L * m + 1);
      put("Requests", 10 * (m + 1), at);
      put("Errors", m + 1, at);
    }
    MetricStat requests =
        MetricStat.builder()
            .metric(Metric.builder().namespace("App").metricName("Requests").build())
            .period(60)
            .stat("Sum")
            .build();
    MetricStat errors =
        MetricStat.builder()
            .metric(Metric.builder().namespace("App").metricName("Errors").build())
            .period(60)
            .stat("Sum")
            .build();
    GetMetricDataResponse r =
        cw.getMetricData(
            q ->
                q.startTime(base)
                    .endTime(base.plusSeconds(180))
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                    .metricDataQueries(
                        MetricDataQuery.builder().id("req").metricStat(requests).build(),
                        MetricDataQuery.builder()
                            .id("err")
                            .metricStat(errors)
                            .returnData(false)
                            .build(),
                        MetricDataQuery.builder()
                            .id("rate")
                            .expression("100 * err / req")
                            .label("Error rate")
                            .build()));
    assertThat(r.metricDataResults())
        .extracting(MetricDataResult::id)
        .containsExactly("req", "rate");
    MetricDataResult req = r.metricDataResults().get(0);
    assertThat(req.label()).isEqualTo("Requests");
    assertThat(req.timestamps()).containsExactly(base, base.plusSeconds(60), base.plusSeconds(120));
    assertThat(req.values()).containsExactly(10.0, 20.0, 30.0);
    assertThat(req.statusCode()).isEqualTo(StatusCode.COMPLETE);
    MetricDataResult rate = r.metricDataResults().get(1);
    assertThat(rate.label()).isEqualTo("Error rate");
    assertThat(rate.values()).containsExactly(10.0, 10.0, 10.0);

    GetMetricDataResponse sum =
        cw.getMetricData(
            q ->
                q.startTime(base)
                    .endTime(base.plusSeconds(180))
                    .metricDataQueries(
                        MetricDataQuery.builder()
                            .id("a")
                            .metricStat(requests)
                            .returnData(false)
                            .build(),
                        MetricDataQuery.builder()
                            .id("b")
                            .metricStat(errors)
                            .returnData(false)
                            .build(),
                        MetricDataQuery.builder()
                            .id("total")
                            .expression("SUM(METRICS())")
                            .build()));
    // Default ScanBy is TimestampDescending.
    assertThat(sum.metricDataResults().get(0).values()).containsExactly(33.0, 22.0, 11.0);

    List<Double> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      GetMetricDataResponse page =
          cw.getMetricData(
              q ->
                  q.startTime(base)
                      .endTime(base.plusSeconds(180))
                      .maxDatapoints(2)
                      .nextToken(t)
                      .metricDataQueries(
                          MetricDataQuery.builder().id("req").metricStat(requests).build()));
      page.metricDataResults().forEach(x -> paged.addAll(x.values()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(2);
    assertThat(paged).containsExactly(30.0, 20.0, 10.0);

    assertThatThrownBy(
            () ->
                cw.getMetricData(
                    q ->
                        q.startTime(base)
                            .endTime(base.plusSeconds(180))
                            .metricDataQueries(
                                MetricDataQuery.builder()
                                    .id("x")
                                    .expression("ANOMALY_DETECTION_BAND(m1)")
                                    .build())))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("Unsupported function ANOMALY_DETECTION_BAND");
    assertThatThrownBy(
            () ->
                cw.getMetricData(
                    q ->
                        q.startTime(base)
                            .endTime(base.plusSeconds(180))
                            .metricDataQueries(
                                MetricDataQuery.builder().id("Bad").metricStat(requests).build())))
        .isInstanceOf(InvalidParameterValueException.class);
    assertThatThrownBy(
            () ->
                cw.getMetricData(
                    q ->
                        q.startTime(base)
                            .endTime(base.plusSeconds(180))
                            .nextToken("garbage")
                            .metricDataQueries(
                                MetricDataQuery.builder().id("req").metricStat(requests).build())))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));
  }

  @Test
  void listMetricsFiltersAndPages() {
    List<MetricDatum> data = new ArrayList<>();
    for (int i = 0; i < 520; i++) {
      data.add(
          MetricDatum.builder()
              .metricName("Cpu")
              .value(1.0)
              .dimensions(
                  dim("InstanceId", String.format("i-%04d", i)),
                  dim("Role", i % 2 == 0 ? "web" : "db"))
              .build());
    }
    for (int from = 0; from < data.size(); from += 500) {
      List<MetricDatum> chunk = data.subList(from, Math.min(from + 500, data.size()));
      cw.putMetricData(r -> r.namespace("Fleet").metricData(chunk));
    }
    put("Other", 1, Instant.now());

    var first = cw.listMetrics(r -> r.namespace("Fleet"));
    assertThat(first.metrics()).hasSize(500);
    assertThat(first.nextToken()).isNotNull();
    var second = cw.listMetrics(r -> r.namespace("Fleet").nextToken(first.nextToken()));
    assertThat(second.metrics()).hasSize(20);
    assertThat(second.nextToken()).isNull();

    var web =
        cw
            .listMetricsPaginator(
                r ->
                    r.namespace("Fleet")
                        .dimensions(DimensionFilter.builder().name("Role").value("web").build()))
            .metrics()
            .stream()
            .toList();
    assertThat(web).hasSize(260);
    var withRole = cw.listMetrics(r -> r.metricName("Other"));
    assertThat(withRole.metrics())
        .singleElement()
        .satisfies(m -> assertThat(m.namespace()).isEqualTo("App"));
    Map<String, Long> byName =
        cw.listMetricsPaginator(r -> r.recentlyActive("PT3H")).metrics().stream()
            .collect(Collectors.groupingBy(Metric::metricName, Collectors.counting()));
    assertThat(byName).containsEntry("Cpu", 520L).containsEntry("Other", 1L);
  }

  @Test
  void highResolutionPeriods() {
    Instant t = base.plusSeconds(60);
    cw.putMetricData(
        r ->
            r.namespace("App")
                .metricData(
                    MetricDatum.builder()
                        .metricName("Hr")
                        .value(1.0)
                        .timestamp(t.plusSeconds(1))
                        .storageResolution(1)
                        .build(),
                    MetricDatum.builder()
                        .metricName("Hr")
                        .value(3.0)
                        .timestamp(t.plusSeconds(12))
                        .storageResolution(1)
                        .build()));
    GetMetricStatisticsResponse r =
        cw.getMetricStatistics(
            q ->
                q.namespace("App")
                    .metricName("Hr")
                    .startTime(t)
                    .endTime(t.plusSeconds(30))
                    .period(10)
                    .statistics(Statistic.MAXIMUM));
    assertThat(r.datapoints()).extracting(Datapoint::maximum).containsExactlyInAnyOrder(1.0, 3.0);
    assertThat(r.datapoints().get(0).timestamp().getEpochSecond() % 10).isZero();
    assertThat(r.datapoints()).allSatisfy(d -> assertThat(d.maximum()).isCloseTo(2.0, within(1.0)));
  }
}
