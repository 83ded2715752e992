package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class ParameterStoreConcurrencyTest {
  @Test
  void concurrentOverwritesGetDistinctConsecutiveVersions() throws Exception {
    try (TestSimulator sim = TestSimulator.start(null)) {
      SsmClient ssm = sim.ssm();
      ssm.putParameter(b -> b.name("/race/counter").type(ParameterType.STRING).value("0"));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Long>> versions = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        String value = "w" + i;
        versions.add(
            pool.submit(
                () ->
                    ssm.putParameter(b -> b.name("/race/counter").value(value).overwrite(true))
                        .version()));
        // Readers run alongside the writers and must always see a complete version.
        pool.submit(() -> ssm.getParameter(b -> b.name("/race/counter")).parameter().value());
      }
      List<Long> seen = new ArrayList<>();
      for (Future<Long> f : versions) {
        seen.add(f.get());
      }
      pool.shutdown();
      assertThat(seen).doesNotHaveDuplicates().hasSize(80);
      assertThat(seen).allSatisfy(v -> assertThat(v).isBetween(2L, 81L));
      List<ParameterHistory> history =
          ssm.getParameterHistoryPaginator(b -> b.name("/race/counter")).stream()
              .flatMap(r -> r.parameters().stream())
              .toList();
      assertThat(history).extracting(ParameterHistory::version).hasSize(81).isSorted();
    }
  }
}
