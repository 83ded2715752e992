package io.ssmflow.cli.dev;

import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.simulator.Simulator;
import io.ssmflow.simulator.SimulatorConfig;
import io.ssmflow.worker.SsmflowWorker;
import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.workflows.common.TaskQueues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The embedded stack of {@code ssmflow dev} and {@code ssmflow demo}, in one JVM: the Temporal
 * test server and the fleet simulator, both on loopback, and a worker pointed at both. Payloads
 * are encrypted with the given key file or with one generated in the state directory (0600), and
 * the exports name it, so a second shell's CLI and workers use the same key.
 */
public final class DevStack implements AutoCloseable {
  /** The simulator accepts any credentials; these are what the exports advertise. */
  static final String DUMMY_KEY = "test";
  static final String REGION = "us-east-1";

  private final EmbeddedTemporal temporal;
  private final Simulator simulator;
  private final SsmflowWorker worker;
  private final WorkerConfig workerConfig;

  private DevStack(EmbeddedTemporal temporal, Simulator simulator, SsmflowWorker worker,
      WorkerConfig workerConfig) {
    this.temporal = temporal;
    this.simulator = simulator;
    this.worker = worker;
    this.workerConfig = workerConfig;
  }

  /**
   * What to start.
   *
   * @param temporalPort the Temporal port on 127.0.0.1 (0: free port)
   * @param simulatorPort the simulator port on 127.0.0.1 (0: free port)
   * @param fleetFile a fleet file, or null to use {@code fleetYaml}
   * @param fleetYaml fleet YAML used when there is no file (null: empty fleet)
   * @param stateDir the simulator's state directory (null: a temp directory)
   * @param namespace the Temporal namespace
   * @param taskQueue the worker's task queue
   * @param codecKeyFile the payload encryption key file (null: {@value #CODEC_KEY_FILE} in the
   *     simulator's state directory, generated when missing)
   * @param unsafeHostExec run shell-mode commands on the host when bubblewrap cannot isolate
   *     them (otherwise such a fleet is refused)
   * @param toolPath the PATH to find bwrap on (null: this process's)
   */
  public record Options(int temporalPort, int simulatorPort, Path fleetFile, String fleetYaml,
      Path stateDir, String namespace, String taskQueue, Path codecKeyFile,
      boolean unsafeHostExec, String toolPath) {
    /** With a generated key in the state directory. */
    public Options(int temporalPort, int simulatorPort, Path fleetFile, String fleetYaml,
        Path stateDir, String namespace, String taskQueue) {
      this(temporalPort, simulatorPort, fleetFile, fleetYaml, stateDir, namespace, taskQueue,
          null);
    }

    /** Shell-mode commands isolated or refused. */
    public Options(int temporalPort, int simulatorPort, Path fleetFile, String fleetYaml,
        Path stateDir, String namespace, String taskQueue, Path codecKeyFile) {
      this(temporalPort, simulatorPort, fleetFile, fleetYaml, stateDir, namespace, taskQueue,
          codecKeyFile, false, null);
    }

    public Options withUnsafeHostExec(boolean unsafe) {
      return new Options(temporalPort, simulatorPort, fleetFile, fleetYaml, stateDir, namespace,
          taskQueue, codecKeyFile, unsafe, toolPath);
    }
  }

  /** The name of the generated payload key in the state directory. */
  public static final String CODEC_KEY_FILE = "codec.key";

  /**
   * Starts all three, the simulator first (a fleet it refuses stops everything before Temporal
   * starts); on failure, stops what was started and rethrows.
   */
  public static DevStack start(Options options) throws IOException {
    SimulatorConfig sim = new SimulatorConfig(EmbeddedTemporal.LOOPBACK,
        options.simulatorPort(), options.fleetFile(),
        options.fleetFile() == null ? options.fleetYaml() : null, options.stateDir(), 32,
        options.unsafeHostExec(), Set.of(), options.toolPath());
    Simulator simulator = Simulator.start(sim);
    EmbeddedTemporal temporal;
    try {
      temporal = EmbeddedTemporal.start(options.temporalPort(), options.namespace());
    } catch (IOException | RuntimeException e) {
      simulator.close();
      throw e;
    }
    try {
      Path keyFile = options.codecKeyFile();
      if (keyFile == null) {
        keyFile = simulator.fleet().stateDir().resolve(CODEC_KEY_FILE).toAbsolutePath();
        CodecKeys.generateIfMissing(keyFile);
      }
      WorkerConfig config = new WorkerConfig(temporal.address(), options.namespace(),
          options.taskQueue(), keyFile);
      SsmflowWorker worker = SsmflowWorker.create(config,
          AwsSettings.fromEnvironment(awsEnvironment(simulator)));
      worker.start();
      return new DevStack(temporal, simulator, worker, config);
    } catch (IOException | RuntimeException e) {
      simulator.close();
      temporal.close();
      throw e;
    }
  }

  static Map<String, String> awsEnvironment(Simulator simulator) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", simulator.endpoint().toString());
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", DUMMY_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", DUMMY_KEY);
    return env;
  }

  /** The variables a second shell needs to use this stack, in order. */
  public Map<String, String> exports() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEMPORAL_ADDRESS", temporal.address());
    if (!WorkerConfig.DEFAULT_NAMESPACE.equals(workerConfig.namespace())) {
      env.put("TEMPORAL_NAMESPACE", workerConfig.namespace());
    }
    if (!TaskQueues.DEFAULT.equals(workerConfig.taskQueue())) {
      env.put("SSMFLOW_TASK_QUEUE", workerConfig.taskQueue());
    }
    env.putAll(awsEnvironment(simulator));
    env.put(CodecKeys.ENV, workerConfig.codecKeyFile().toString());
    // The embedded test server never hands a dead worker's sticky workflow tasks back to the
    // shared queue, so a second-shell worker must not use sticky execution.
    env.put("SSMFLOW_STICKY_EXECUTION", "false");
    return env;
  }

  /** {@code export TEMPORAL_ADDRESS=... AWS_ENDPOINT_URL=... ...}. */
  public String exportLine() {
    return "export " + exports().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  public EmbeddedTemporal temporal() {
    return temporal;
  }

  public Simulator simulator() {
    return simulator;
  }

  public SsmflowWorker worker() {
    return worker;
  }

  public WorkerConfig workerConfig() {
    return workerConfig;
  }

  /** Stops the worker (running activities get a short grace), the simulator, then Temporal. */
  @Override
  public void close() {
    try {
      worker.shutdown(Duration.ofSeconds(10));
    } finally {
      try {
        simulator.close();
      } finally {
        temporal.close();
      }
    }
  }
}
