package io.ssmflow.simulator.sns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-endpoint bound on HTTP deliveries: requests under way, waiting order, overflow. */
class DeliveryGateTest {
  @Test
  void startsAtMostMaxInFlightAndTheRestInOrder() {
    DeliveryGate gate = new DeliveryGate(2, 10);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      assertThat(gate.submit(() -> started.add(n))).isTrue();
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(gate.inFlight()).isEqualTo(2);
    assertThat(gate.waiting()).isEqualTo(3);
    gate.done();
    assertThat(started).containsExactly(0, 1, 2);
    gate.done();
    gate.done();
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    gate.done();
    gate.done();
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void refusesBeyondMaxWaiting() {
    DeliveryGate gate = new DeliveryGate(1, 2);
    AtomicInteger ran = new AtomicInteger();
    assertThat(gate.submit(ran::incrementAndGet)).isTrue();
    assertThat(gate.submit(ran::incrementAndGet)).isTrue();
    assertThat(gate.submit(ran::incrementAndGet)).isTrue();
    assertThat(gate.submit(ran::incrementAndGet)).as("a third waiting request").isFalse();
    assertThat(ran.get()).isEqualTo(1);
    gate.done();
    assertThat(ran.get()).isEqualTo(2);
    assertThat(gate.submit(ran::incrementAndGet)).as("room again").isTrue();
  }

  @Test
  void concurrentSubmittersNeverExceedTheBound() throws Exception {
    DeliveryGate gate = new DeliveryGate(4, 100_000);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(20_000);
    ExecutorService requests = Executors.newFixedThreadPool(8);
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 20_000; i++) {
        submitters.execute(
            () ->
                gate.submit(
                    () -> {
                      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                      requests.execute(
                          () -> {
                            running.decrementAndGet();
                            finished.countDown();
                            gate.done();
                          });
                    }));
      }
      assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
      // A request counts down before it calls done(): let the last ones get there.
      requests.shutdown();
      assertThat(requests.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      submitters.shutdownNow();
      requests.shutdownNow();
    }
    assertThat(maxRunning.get()).isBetween(1, 4);
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.waiting()).isZero();
  }
}
