package io.ssmflow.cli.dev;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.command.push.PushSettings;
import io.ssmflow.cli.codec.CodecServer;
import io.ssmflow.simulator.Simulator;
import io.ssmflow.simulator.SimulatorConfig;
import io.ssmflow.worker.SsmflowWorker;
import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.ssmflow.workflows.common.TaskQueues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stack of {@code ssmflow dev} and {@code ssmflow demo}: a Temporal server (the Java test
 * server in this JVM, or a real dev server in a child process with the Web UI and, for it, a codec
 * server), the fleet simulator, all on loopback, and a worker pointed at both (unless {@code
 * --no-worker}). Payloads are encrypted with the given key file or with one generated in the state
 * directory (0600), and the exports name it, so a second shell's CLI and workers use the same key.
 */
public final class DevStack implements AutoCloseable {
  /** The simulator accepts any credentials; these are what the exports advertise. */
  static final String DUMMY_KEY = "test";

  static final String REGION = "us-east-1";

  /** The simulator's topic for SSM's invocation status notifications. */
  static final String PUSH_TOPIC = "ssmflow-command-completions";

  /** The role SSM "assumes" to publish them (the simulator checks only its form). */
  static final String PUSH_ROLE = "arn:aws:iam::123456789012:role/ssmflow-ssm-notifications";

  /** The real Temporal server's output, in the state directory. */
  public static final String TEMPORAL_LOG = "temporal.log";

  private final TemporalServer temporal;
  private final Simulator simulator;
  private final CodecServer codecServer;
  private final SsmflowWorker worker;
  private final WorkerConfig workerConfig;
  private final PushSettings push;

  private DevStack(
      TemporalServer temporal,
      Simulator simulator,
      CodecServer codecServer,
      SsmflowWorker worker,
      WorkerConfig workerConfig,
      PushSettings push) {
    this.temporal = temporal;
    this.push = push;
    this.simulator = simulator;
    this.codecServer = codecServer;
    this.worker = worker;
    this.workerConfig = workerConfig;
  }

  /**
   * A real Temporal server for the stack.
   *
   * @param launcher the CLI or tools/temporal-dev's launcher
   * @param uiPort the Web UI port (0: a free one; null: no Web UI and no codec server)
   * @param codecPort the port of the codec server the Web UI decodes payloads with (0: free)
   * @param dbFile the SQLite file that keeps Temporal's state (null: in memory)
   */
  public record RealTemporal(
      TemporalLauncher launcher, Integer uiPort, int codecPort, Path dbFile) {}

  /**
   * What to start.
   *
   * @param temporalPort the Temporal port on 127.0.0.1 (0: free port)
   * @param simulatorPort the simulator port on 127.0.0.1 (0: free port)
   * @param fleetFile a fleet file, or null to use {@code fleetYaml}
   * @param fleetYaml fleet YAML used when there is no file (null: empty fleet)
   * @param stateDir the simulator's state directory (null: a temp directory); a real Temporal
   *     server logs to {@value #TEMPORAL_LOG} there
   * @param namespace the Temporal namespace
   * @param taskQueue the worker's task queue
   * @param codecKeyFile the payload encryption key file (null: {@value #CODEC_KEY_FILE} in the
   *     simulator's state directory, generated when missing)
   * @param unsafeHostExec run shell-mode commands on the host when bubblewrap cannot isolate them
   *     (otherwise such a fleet is refused)
   * @param toolPath the PATH to find bwrap on (null: this process's)
   * @param realTemporal a real Temporal server to run (null: the Java test server)
   * @param worker whether to run a worker
   * @param push whether the stack's workers have SSM push invocation ends to them (a topic in the
   *     simulator, docs/design.md "Completion push"); otherwise they poll
   */
  public record Options(
      int temporalPort,
      int simulatorPort,
      Path fleetFile,
      String fleetYaml,
      Path stateDir,
      String namespace,
      String taskQueue,
      Path codecKeyFile,
      boolean unsafeHostExec,
      String toolPath,
      RealTemporal realTemporal,
      boolean worker,
      boolean push) {
    /** On the Java test server, with a worker, shell-mode commands isolated or refused. */
    public Options(
        int temporalPort,
        int simulatorPort,
        Path fleetFile,
        String fleetYaml,
        Path stateDir,
        String namespace,
        String taskQueue,
        Path codecKeyFile) {
      this(
          temporalPort,
          simulatorPort,
          fleetFile,
          fleetYaml,
          stateDir,
          namespace,
          taskQueue,
          codecKeyFile,
          false,
          null,
          null,
          true,
          true);
    }

    /** On the Java test server, with a worker. */
    public Options(
        int temporalPort,
        int simulatorPort,
        Path fleetFile,
        String fleetYaml,
        Path stateDir,
        String namespace,
        String taskQueue,
        Path codecKeyFile,
        boolean unsafeHostExec,
        String toolPath) {
      this(
          temporalPort,
          simulatorPort,
          fleetFile,
          fleetYaml,
          stateDir,
          namespace,
          taskQueue,
          codecKeyFile,
          unsafeHostExec,
          toolPath,
          null,
          true,
          true);
    }

    /** With a generated key in the state directory. */
    public Options(
        int temporalPort,
        int simulatorPort,
        Path fleetFile,
        String fleetYaml,
        Path stateDir,
        String namespace,
        String taskQueue) {
      this(temporalPort, simulatorPort, fleetFile, fleetYaml, stateDir, namespace, taskQueue, null);
    }

    public Options withUnsafeHostExec(boolean unsafe) {
      return copy(unsafe, realTemporal, worker, push);
    }

    /** The same stack on a real Temporal server. */
    public Options withRealTemporal(RealTemporal real) {
      return copy(unsafeHostExec, real, worker, push);
    }

    /** The same stack with its workers polling SSM for invocation ends (no push). */
    public Options withoutPush() {
      return copy(unsafeHostExec, realTemporal, worker, false);
    }

    /** The same stack without a worker (workers run elsewhere). */
    public Options withoutWorker() {
      return copy(unsafeHostExec, realTemporal, false, push);
    }

    private Options copy(boolean unsafe, RealTemporal real, boolean withWorker, boolean withPush) {
      return new Options(
          temporalPort,
          simulatorPort,
          fleetFile,
          fleetYaml,
          stateDir,
          namespace,
          taskQueue,
          codecKeyFile,
          unsafe,
          toolPath,
          real,
          withWorker,
          withPush);
    }
  }

  /** The name of the generated payload key in the state directory. */
  public static final String CODEC_KEY_FILE = "codec.key";

  /**
   * Starts everything, the simulator first (a fleet it refuses stops everything before Temporal
   * starts); on failure, stops what was started and rethrows.
   */
  public static DevStack start(Options options) throws IOException {
    SimulatorConfig sim =
        new SimulatorConfig(
            EmbeddedTemporal.LOOPBACK,
            options.simulatorPort(),
            options.fleetFile(),
            options.fleetFile() == null ? options.fleetYaml() : null,
            options.stateDir(),
            32,
            options.unsafeHostExec(),
            Set.of(),
            options.toolPath());
    Simulator simulator = Simulator.start(sim);
    CodecServer codecServer = null;
    TemporalServer temporal = null;
    try {
      Path stateDir = simulator.fleet().stateDir();
      Path keyFile = options.codecKeyFile();
      if (keyFile == null) {
        keyFile = stateDir.resolve(CODEC_KEY_FILE).toAbsolutePath();
        CodecKeys.generateIfMissing(keyFile);
      }
      RealTemporal real = options.realTemporal();
      if (real == null) {
        temporal = EmbeddedTemporal.start(options.temporalPort(), options.namespace());
      } else {
        Integer uiPort =
            real.uiPort() == null ? null : real.uiPort() == 0 ? Ports.free() : real.uiPort();
        String codecEndpoint = null;
        if (uiPort != null) {
          codecServer =
              CodecServer.start(
                  EmbeddedTemporal.LOOPBACK,
                  real.codecPort(),
                  new EncryptionCodec(CodecKeys.load(keyFile)),
                  uiOrigins(uiPort),
                  null);
          codecEndpoint = "http://" + EmbeddedTemporal.LOOPBACK + ":" + codecServer.port();
        }
        temporal =
            TemporalProcess.start(
                new TemporalProcess.Options(
                    real.launcher(),
                    options.temporalPort(),
                    uiPort,
                    options.namespace(),
                    real.dbFile(),
                    codecEndpoint,
                    stateDir.resolve(TEMPORAL_LOG)));
      }
      WorkerConfig config =
          new WorkerConfig(temporal.address(), options.namespace(), options.taskQueue(), keyFile);
      AwsSettings aws = AwsSettings.fromEnvironment(awsEnvironment(simulator));
      PushSettings push = options.push() ? pushTopic(aws) : PushSettings.OFF;
      SsmflowWorker worker = null;
      if (options.worker()) {
        worker = SsmflowWorker.create(config, aws, push);
        worker.start();
      }
      return new DevStack(temporal, simulator, codecServer, worker, config, push);
    } catch (IOException | RuntimeException e) {
      closeQuietly(temporal);
      closeQuietly(codecServer);
      simulator.close();
      throw e;
    }
  }

  /** The topic in the simulator SSM pushes invocation ends to, and the role it publishes as. */
  static PushSettings pushTopic(AwsSettings aws) {
    try (AwsClients clients = AwsClients.create(aws)) {
      String topic = clients.sns().createTopic(b -> b.name(PUSH_TOPIC)).topicArn();
      return new PushSettings(topic, PUSH_ROLE, null, null);
    }
  }

  /** The browser's origins for the Web UI on this port (both loopback spellings). */
  static Set<String> uiOrigins(int uiPort) {
    Set<String> origins = new LinkedHashSet<>();
    origins.add("http://" + EmbeddedTemporal.LOOPBACK + ":" + uiPort);
    origins.add("http://localhost:" + uiPort);
    return origins;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // already failing: the original error is the one to report
    }
  }

  static Map<String, String> awsEnvironment(Simulator simulator) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", simulator.endpoint().toString());
    env.put("AWS_REGION", REGION);
    // The AWS CLI v1 reads only AWS_DEFAULT_REGION.
    env.put("AWS_DEFAULT_REGION", REGION);
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
    if (push.enabled()) {
      env.put(PushSettings.TOPIC_ENV, push.topicArn());
      env.put(PushSettings.ROLE_ENV, push.roleArn());
    }
    if (!temporal.stickyExecutionSafe()) {
      env.put("SSMFLOW_STICKY_EXECUTION", "false");
    }
    return env;
  }

  /** {@code export TEMPORAL_ADDRESS=... AWS_ENDPOINT_URL=... ...}. */
  public String exportLine() {
    return "export "
        + exports().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
  }

  public TemporalServer temporal() {
    return temporal;
  }

  public Simulator simulator() {
    return simulator;
  }

  /** The worker, or null with {@code --no-worker}. */
  public SsmflowWorker worker() {
    return worker;
  }

  /** The codec server the Web UI decodes payloads with, when there is a Web UI. */
  public Optional<CodecServer> codecServer() {
    return Optional.ofNullable(codecServer);
  }

  public WorkerConfig workerConfig() {
    return workerConfig;
  }

  /**
   * Stops the worker (running activities get a short grace), the simulator, the codec server, then
   * Temporal.
   */
  @Override
  public void close() {
    try {
      if (worker != null) {
        worker.shutdown(Duration.ofSeconds(10));
      }
    } finally {
      try {
        simulator.close();
      } finally {
        closeQuietly(codecServer);
        temporal.close();
      }
    }
  }
}
