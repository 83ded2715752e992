package io.ssmflow.activities.fleet;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/**
 * The SSM agents of running instances, looked up while EC2 is still being listed: each full chunk
 * of ids becomes one DescribeInstanceInformation call, a few in flight at once. At 10,000
 * instances, 200 lookups one after the other used to follow the whole EC2 listing.
 */
final class AgentLookups implements AutoCloseable {
  private final SsmClient ssm;
  private final int chunk;
  private final ExecutorService pool;
  private final Set<String> offered = new HashSet<>();
  private final List<Future<List<InstanceInformation>>> lookups = new ArrayList<>();
  private List<String> buffer = new ArrayList<>();

  AgentLookups(SsmClient ssm, int chunk, int parallel) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.chunk = chunk;
    this.pool =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread t = new Thread(r, "ssmflow-agent-lookup");
              t.setDaemon(true);
              return t;
            });
  }

  /** A running instance whose agent is wanted (each id is looked up once). */
  void offer(String instanceId) {
    if (!offered.add(instanceId)) {
      return;
    }
    buffer.add(instanceId);
    if (buffer.size() == chunk) {
      submit();
    }
  }

  /** Every lookup's answer, by instance id; progress is reported from the calling thread. */
  Map<String, InstanceInformation> results(Consumer<String> progress) {
    if (!buffer.isEmpty()) {
      submit();
    }
    Map<String, InstanceInformation> agents = new TreeMap<>();
    try {
      for (Future<List<InstanceInformation>> lookup : lookups) {
        for (InstanceInformation info : lookup.get()) {
          agents.put(info.instanceId(), info);
        }
        progress.accept("agents " + agents.size() + "/" + offered.size());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading SSM agents", e);
    }
    return agents;
  }

  private void submit() {
    List<String> ids = buffer;
    buffer = new ArrayList<>();
    lookups.add(pool.submit(() -> agentsOf(ids)));
  }

  private List<InstanceInformation> agentsOf(List<String> ids) {
    DescribeInstanceInformationRequest request =
        DescribeInstanceInformationRequest.builder()
            .filters(
                InstanceInformationStringFilter.builder().key("InstanceIds").values(ids).build())
            .maxResults(chunk) // one page per chunk (SSM's default page is 10)
            .build();
    List<InstanceInformation> out = new ArrayList<>();
    for (var page : ssm.describeInstanceInformationPaginator(request)) {
      out.addAll(page.instanceInformationList());
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
