package io.ssmflow.activities.command;

import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;

/**
 * A real SDK client on the simulator, watched through an SDK ExecutionInterceptor: it counts the
 * HTTP calls per SSM operation, can hide commands younger than a lag from ListCommands answers
 * (SSM's visibility lag, which this simulator has no knob for), and can make operations fail on the
 * client side before they are sent.
 */
final class ObservedSsm implements AutoCloseable {
  /**
   * The count of ListCommands calls by filter only (no command, no instance): the listing pages of
   * the completion poller. Not an operation: {@link #total} leaves it out.
   */
  static final String LISTING = "ListCommands listing";

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  private volatile Duration listCommandsLag = Duration.ZERO;
  private final SsmClient client;

  ObservedSsm(TestSimulator sim) {
    ExecutionInterceptor watcher =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (unreachable.contains(operation(attributes))) {
              throw SdkClientException.create("test: " + operation(attributes) + " unreachable");
            }
          }

          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            calls
                .computeIfAbsent(operation(attributes), k -> new AtomicInteger())
                .incrementAndGet();
            if (context.request() instanceof ListCommandsRequest r
                && r.commandId() == null
                && r.instanceId() == null
                && r.hasFilters()) {
              calls.computeIfAbsent(LISTING, k -> new AtomicInteger()).incrementAndGet();
            }
          }

          @Override
          public SdkResponse modifyResponse(
              Context.ModifyResponse context, ExecutionAttributes attributes) {
            Duration lag = listCommandsLag;
            if (!lag.isZero() && context.response() instanceof ListCommandsResponse r) {
              Instant visibleBefore = Instant.now().minus(lag);
              return r.toBuilder()
                  .commands(
                      r.commands().stream()
                          .filter(c -> c.requestedDateTime().isBefore(visibleBefore))
                          .toList())
                  .build();
            }
            return context.response();
          }
        };
    client =
        SsmClient.builder()
            .endpointOverride(sim.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(Apache5HttpClient.builder())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(watcher)
                        .retryStrategy(RetryMode.ADAPTIVE_V2)
                        .apiCallTimeout(Duration.ofSeconds(30)))
            .build();
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  SsmClient client() {
    return client;
  }

  /** ListCommands hides commands requested less than {@code lag} ago (zero: off). */
  void listCommandsLag(Duration lag) {
    listCommandsLag = lag;
  }

  /** The operation fails on the client side (never reaches SSM) until {@link #reset}. */
  void unreachable(String operation) {
    unreachable.add(operation);
  }

  int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  /** Every SSM call counted. */
  int total() {
    return calls.entrySet().stream()
        .filter(e -> !e.getKey().equals(LISTING))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  Map<String, Integer> calls() {
    Map<String, Integer> out = new TreeMap<>();
    calls.forEach((op, n) -> out.put(op, n.get()));
    return out;
  }

  /** Forgets the counts, the lag and the unreachable operations. */
  void reset() {
    calls.clear();
    unreachable.clear();
    listCommandsLag = Duration.ZERO;
  }

  @Override
  public void close() {
    client.close();
  }
}
