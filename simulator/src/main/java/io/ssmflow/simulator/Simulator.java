package io.ssmflow.simulator;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.admin.FleetAdmin;
import io.ssmflow.simulator.admin.StatsAdmin;
import io.ssmflow.simulator.cloudwatch.CloudWatch;
import io.ssmflow.simulator.core.CallStats;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.ec2.Ec2;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.FleetFile;
import io.ssmflow.simulator.http.JsonApi;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.http.QueryApi;
import io.ssmflow.simulator.http.QueryStyle;
import io.ssmflow.simulator.http.SimHttpServer;
import io.ssmflow.simulator.sandbox.Isolation;
import io.ssmflow.simulator.sandbox.SandboxUnavailableException;
import io.ssmflow.simulator.sns.Sns;
import io.ssmflow.simulator.ssm.command.RunCommand;
import io.ssmflow.simulator.ssm.command.StatusPublisher;
import io.ssmflow.simulator.ssm.params.ParameterStore;
import io.ssmflow.simulator.ssm.sessions.SessionManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet simulator: one HTTP endpoint speaking the subset of SSM, EC2, SNS and CloudWatch that
 * ssmflow uses, backed by a simulated fleet. Start it in-process with {@link
 * #start(SimulatorConfig)}; {@link SimulatorMain} is the standalone entry point.
 */
public final class Simulator implements AutoCloseable {
  public static final String CLOUDWATCH_SERVICE_ID = "GraniteServiceVersion20100801";
  private static final Logger log = LoggerFactory.getLogger(Simulator.class);

  private final SimulatorConfig config;
  private final Fleet fleet;
  private final Knobs knobs = new Knobs();
  private final AdminRoutes admin = new AdminRoutes();
  private final SimHttpServer http;
  private final RunCommand runCommand;
  private final Ec2 ec2;
  private final Sns sns;
  private final CloudWatch cloudWatch;
  private InetSocketAddress address;

  private Simulator(SimulatorConfig config, Path stateDir, Isolation isolation) {
    this.config = config;
    this.fleet =
        new Fleet(
            stateDir,
            isolation.owner(),
            isolation.available() || config.unsafeHostExec()
                ? null
                : isolation.unavailableReason());
    this.http = new SimHttpServer(admin, knobs);
    new FleetAdmin(fleet, knobs, admin);
    StatsAdmin statsAdmin = new StatsAdmin(http.stats(), admin);
    fleet.onReset(http.stats()::reset);
    ParameterStore parameters = new ParameterStore(fleet, admin);
    SessionManager sessions = new SessionManager(fleet, admin);
    this.sns = new Sns(fleet, admin);
    this.runCommand =
        new RunCommand(fleet, knobs, admin, isolation, config.unsafeHostExec(), snsPublisher(sns));
    statsAdmin.section("notifications", runCommand::notificationStats);
    this.ec2 = new Ec2(fleet, admin);
    this.cloudWatch = new CloudWatch(fleet, sns, admin);

    Map<String, JsonOperation> ssm = new HashMap<>();
    ssm.putAll(parameters.operations());
    ssm.putAll(sessions.operations());
    ssm.putAll(runCommand.operations());
    http.register(new JsonApi("ssm", "AmazonSSM", "ThrottlingException", Map.copyOf(ssm)));
    http.register(
        new JsonApi(
            "monitoring", CLOUDWATCH_SERVICE_ID, "Throttling", cloudWatch.operations(), true));
    http.register(
        new QueryApi(
            "ec2",
            QueryStyle.EC2,
            "http://ec2.amazonaws.com/doc/2016-11-15/",
            "RequestLimitExceeded",
            ec2.operations()));
    http.register(
        new QueryApi(
            "sns",
            QueryStyle.AWS_QUERY,
            "http://sns.amazonaws.com/doc/2010-03-31/",
            "Throttling",
            sns.operations()));
    // After SNS: an unsigned Query request is routed by action, and SNS owns the unsigned
    // ConfirmSubscription/Unsubscribe links; both services have the tagging actions.
    http.register(
        new QueryApi(
            "monitoring",
            QueryStyle.AWS_QUERY,
            "http://monitoring.amazonaws.com/doc/2010-08-01/",
            "Throttling",
            cloudWatch.queryOperations()));
    // Run totals count "since the last stats reset" like the call counts; a fleet file's
    // knobs apply whenever it is loaded (at start or through POST /_sim/fleet).
    http.stats().onReset(runCommand::resetTotals);
    fleet.onLoad(contents -> knobs.setAll(contents.knobs()));
  }

  /** Run Command's way to SNS: its status notifications are published like SNS Publish. */
  private static StatusPublisher snsPublisher(Sns sns) {
    return new StatusPublisher() {
      @Override
      public boolean topicExists(String topicArn) {
        return sns.topicExists(topicArn);
      }

      @Override
      public void publish(String topicArn, String message) {
        sns.publish(topicArn, null, message);
      }
    };
  }

  /**
   * Builds the simulator, loads the fleet file if any, and starts serving.
   *
   * @throws SandboxUnavailableException when the fleet has shell-mode instances, bubblewrap cannot
   *     isolate them and {@link SimulatorConfig#unsafeHostExec()} is off
   */
  public static Simulator start(SimulatorConfig config) throws IOException {
    Isolation isolation = Isolation.detect(config.toolPath());
    if (!isolation.available() && config.unsafeHostExec()) {
      log.warn(
          "{}: --unsafe-host-exec is on, so shell-mode commands run directly on this host"
              + " with the simulator's rights, the instance's directory only as their working"
              + " directory",
          isolation.unavailableReason());
    }
    Path stateDir =
        config.stateDir() != null ? config.stateDir() : Files.createTempDirectory("ssmflow-sim-");
    Files.createDirectories(stateDir);
    Simulator sim = new Simulator(config, stateDir, isolation);
    try {
      if (config.fleetFile() != null) {
        sim.fleet.load(FleetFile.read(config.fleetFile()));
      } else if (config.fleetYaml() != null) {
        sim.fleet.load(FleetFile.parse(config.fleetYaml(), "fleet"));
      }
      sim.address =
          sim.http.start(config.host(), config.port(), config.threads(), config.allowedHosts());
      sim.sns.endpoint(sim.endpoint());
    } catch (IOException | RuntimeException e) {
      sim.close();
      throw e;
    }
    return sim;
  }

  /** The endpoint to give clients, e.g. {@code http://127.0.0.1:4566}. */
  public URI endpoint() {
    InetAddress a =
        address.getAddress().isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress()
            : address.getAddress();
    String host =
        a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return URI.create("http://" + host + ":" + address.getPort());
  }

  public int port() {
    return address.getPort();
  }

  public Fleet fleet() {
    return fleet;
  }

  public Knobs knobs() {
    return knobs;
  }

  /** Calls per operation since the start or the last reset. */
  public CallStats stats() {
    return http.stats();
  }

  public SimulatorConfig config() {
    return config;
  }

  @Override
  public void close() {
    http.close();
    runCommand.close();
    ec2.close();
    cloudWatch.close();
    sns.close();
  }
}
