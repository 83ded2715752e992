package io.ssmflow.simulator.fleet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a fleet file (YAML, or JSON which is YAML too). Every problem is reported with the source,
 * the line and what is wrong; unknown keys are errors, so a typo never passes silently.
 *
 * <pre>
 * instances:
 *   - count: 4
 *     namePrefix: web
 *     tags: {Application: shop, Environment: staging}
 *     mode: shell
 * faults:            # global rules, matched against every instance
 *   - match: healthcheck
 *     tags: {Role: canary}
 *     exitCode: 1
 * knobs:             # the simulator's knobs (as POST /_sim/knobs), applied when loaded
 *   listVisibilityDelay: 1s
 *   tps: {SendCommand: 20}
 * </pre>
 */
public final class FleetFile {
  private static final Set<String> TOP_KEYS = Set.of("instances", "faults", "knobs");
  private static final Set<String> INSTANCE_KEYS =
      Set.of(
          "count",
          "name",
          "namePrefix",
          "id",
          "tags",
          "platform",
          "platformName",
          "platformVersion",
          "instanceType",
          "state",
          "pingStatus",
          "mode",
          "latency",
          "exitCode",
          "pendingPatches",
          "installedPatches",
          "files",
          "volumes",
          "rootVolumeSize",
          "loadAverage",
          "uptime",
          "faults");
  private static final Set<String> FAULT_KEYS =
      Set.of(
          "id",
          "match",
          "instances",
          "tags",
          "exitCode",
          "stdout",
          "stderr",
          "latency",
          "hang",
          "offline",
          "afterPatch",
          "times");
  private static final Set<String> PATCH_KEYS = Set.of("id", "classification", "severity", "title");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{17}");
  private static final Pattern UPTIME = Pattern.compile("(\\d{1,9})(s|m|h|d)");

  /**
   * What a fleet file describes.
   *
   * @param knobs knob settings by name ({@code listVisibilityDelay}, {@code tps.SendCommand}),
   *     checked with {@link io.ssmflow.simulator.core.Knobs#check}
   */
  public record Contents(
      List<InstanceSpec> instances, List<FaultRule> faults, Map<String, String> knobs) {}

  private final String source;

  private FleetFile(String source) {
    this.source = source;
  }

  public static Contents parse(String text, String source) {
    return new FleetFile(source).parse(text);
  }

  /** The largest fleet file read: 1 MB, as every input file of the CLI. */
  public static final int MAX_BYTES = 1024 * 1024;

  /**
   * Reads and parses a fleet file, refusing one over {@link #MAX_BYTES} before reading it and one
   * that is not UTF-8 text.
   */
  public static Contents read(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new FleetFileException(
            source, 0, size + " bytes; fleet files are limited to 1 MB (" + MAX_BYTES + " bytes)");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FleetFileException(source, 0, "no such file");
    } catch (IOException e) {
      throw new FleetFileException(source, 0, "cannot be read (" + e.getMessage() + ")");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new FleetFileException(source, 0, "not a text file (not UTF-8)");
    }
    return parse(text, source);
  }

  private Contents parse(String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new FleetFileException(source, line, "not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new FleetFileException(source, 0, "not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      throw new FleetFileException(source, 1, "the file is empty; expected 'instances:'");
    }
    Map<String, Node> top = mapping(root, "the fleet", TOP_KEYS);
    Node instancesNode = top.get("instances");
    if (instancesNode == null) {
      throw new FleetFileException(source, line(root), "missing 'instances:' list");
    }
    List<InstanceSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node item : sequence(instancesNode, "instances")) {
      InstanceSpec spec = instance(item);
      for (String n : spec.names()) {
        if (!names.add(n)) {
          throw new FleetFileException(
              source, spec.line(), "instance name '" + n + "' appears twice");
        }
      }
      specs.add(spec);
    }
    List<FaultRule> faults = new ArrayList<>();
    if (top.containsKey("faults")) {
      int i = 0;
      for (Node f : sequence(top.get("faults"), "faults")) {
        faults.add(fault(f, "fault-" + (++i)));
      }
    }
    return new Contents(specs, faults, knobs(top.get("knobs")));
  }

  private Map<String, String> knobs(Node node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    for (Map.Entry<String, Node> e : mapping(node, "'knobs'", null).entrySet()) {
      if (e.getKey().equals("tps")) {
        for (Map.Entry<String, Node> t : mapping(e.getValue(), "'knobs.tps'", null).entrySet()) {
          knob(out, io.ssmflow.simulator.core.Knobs.TPS_PREFIX + t.getKey(), t.getValue());
        }
      } else {
        knob(out, e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private void knob(Map<String, String> out, String name, Node value) {
    String text = scalar(value, "the knob " + name);
    try {
      io.ssmflow.simulator.core.Knobs.check(name, text);
    } catch (IllegalArgumentException e) {
      throw new FleetFileException(source, line(value), e.getMessage());
    }
    out.put(name, text);
  }

  private InstanceSpec instance(Node node) {
    Map<String, Node> m = mapping(node, "an instance entry", INSTANCE_KEYS);
    int line = line(node);
    String name = optText(m, "name");
    String namePrefix = optText(m, "namePrefix");
    if ((name == null) == (namePrefix == null)) {
      throw new FleetFileException(
          source,
          line,
          "an instance entry needs exactly one of 'name' (one instance) or 'namePrefix'"
              + " (a group with 'count')");
    }
    String shown = name != null ? name : namePrefix;
    if (!NAME.matcher(shown).matches()) {
      throw new FleetFileException(
          source,
          line(m.get(name != null ? "name" : "namePrefix")),
          "'" + shown + "' is not a valid name (letters, digits, '.', '_', '-'; at most 63)");
    }
    int count = optInt(m, "count", 1);
    if (count < 1 || count > 100_000) {
      throw new FleetFileException(
          source, line(m.get("count")), "count must be between 1 and 100000, not " + count);
    }
    if (name != null && count != 1) {
      throw new FleetFileException(
          source,
          line(m.get("count")),
          "'name' names one instance; use 'namePrefix' for a group of " + count);
    }
    String id = optText(m, "id");
    if (id != null && (name == null || !INSTANCE_ID.matcher(id).matches())) {
      throw new FleetFileException(
          source,
          line(m.get("id")),
          "'id' must be i- followed by 17 lowercase hex digits, on a single named instance");
    }
    String platform = choice(m, "platform", "Linux", List.of("Linux", "Windows"));
    String state = choice(m, "state", "running", List.of("running", "stopped"));
    String ping =
        choice(m, "pingStatus", "Online", List.of("Online", "ConnectionLost", "Inactive"));
    ExecutionMode mode;
    try {
      mode = ExecutionMode.parse(text(m, "mode", "shell"));
    } catch (IllegalArgumentException e) {
      throw new FleetFileException(source, line(m.get("mode")), e.getMessage());
    }
    Latency latency = latency(m.get("latency"), Latency.fixed(Duration.ofMillis(200)));
    int rootSize = optInt(m, "rootVolumeSize", 8);
    List<InstanceSpec.VolumeSpec> volumes = new ArrayList<>();
    if (m.containsKey("volumes")) {
      for (Node v : sequence(m.get("volumes"), "volumes")) {
        Map<String, Node> vm = mapping(v, "a volume", Set.of("device", "size"));
        String device = text(vm, "device", null);
        if (device == null || !device.startsWith("/dev/")) {
          throw new FleetFileException(source, line(v), "a volume needs 'device: /dev/...'");
        }
        volumes.add(new InstanceSpec.VolumeSpec(device, optInt(vm, "size", 8)));
      }
    }
    Map<String, String> files = stringMap(m.get("files"), "files");
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (!writablePath(f.getKey())) {
        throw new FleetFileException(
            source,
            line(m.get("files")),
            "file '"
                + f.getKey()
                + "' must be an absolute path under /opt, /var, /srv, /home or /tmp");
      }
    }
    List<FaultRule> faults = new ArrayList<>();
    if (m.containsKey("faults")) {
      int i = 0;
      for (Node f : sequence(m.get("faults"), "faults")) {
        faults.add(fault(f, shown + "-fault-" + (++i)));
      }
    }
    return new InstanceSpec(
        count,
        name,
        namePrefix,
        id,
        stringMap(m.get("tags"), "tags"),
        platform,
        text(
            m,
            "platformName",
            "Windows".equals(platform) ? "Microsoft Windows Server 2022" : "Ubuntu"),
        text(m, "platformVersion", "Windows".equals(platform) ? "10.0.20348" : "22.04"),
        text(m, "instanceType", "t3.micro"),
        state,
        ping,
        mode,
        latency,
        optInt(m, "exitCode", 0),
        patches(m.get("pendingPatches")),
        patches(m.get("installedPatches")),
        files,
        volumes,
        rootSize,
        loadAverage(m.get("loadAverage")),
        uptime(m.get("uptime")),
        faults,
        line);
  }

  static boolean writablePath(String path) {
    if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
      return false;
    }
    String first = path.substring(1).split("/", 2)[0];
    return Instance.WRITABLE_DIRS.contains(first) && path.length() > first.length() + 2;
  }

  private FaultRule fault(Node node, String defaultId) {
    Map<String, Node> m = mapping(node, "a fault", FAULT_KEYS);
    String match = optText(m, "match");
    if (match == null) {
      throw new FleetFileException(
          source, line(node), "a fault needs 'match' (a regex on the command text)");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(match);
    } catch (PatternSyntaxException e) {
      throw new FleetFileException(
          source, line(m.get("match")), "'match' is not a valid regex: " + e.getDescription());
    }
    List<String> instances = new ArrayList<>();
    if (m.containsKey("instances")) {
      for (Node n : sequence(m.get("instances"), "instances")) {
        instances.add(scalar(n, "an instance name or id"));
      }
    }
    Integer times = m.containsKey("times") ? optInt(m, "times", 1) : null;
    boolean hang = bool(m, "hang");
    boolean offline = bool(m, "offline");
    Integer exitCode = m.containsKey("exitCode") ? optInt(m, "exitCode", 1) : null;
    if (!hang
        && !offline
        && exitCode == null
        && !m.containsKey("latency")
        && !m.containsKey("stderr")
        && !m.containsKey("stdout")) {
      throw new FleetFileException(
          source,
          line(node),
          "a fault must do something: give"
              + " exitCode, stdout, stderr, latency, hang or offline");
    }
    return new FaultRule(
        text(m, "id", defaultId),
        pattern,
        Set.copyOf(instances),
        stringMap(m.get("tags"), "tags"),
        exitCode,
        optText(m, "stdout"),
        optText(m, "stderr"),
        m.containsKey("latency") ? latency(m.get("latency"), Latency.ZERO).max() : Duration.ZERO,
        hang,
        offline,
        bool(m, "afterPatch"),
        times,
        null);
  }

  private List<Patch> patches(Node node) {
    List<Patch> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    for (Node p : sequence(node, "patches")) {
      if (p instanceof ScalarNode s) {
        out.add(new Patch(s.getValue(), "Security", "Important", s.getValue()));
        continue;
      }
      Map<String, Node> m = mapping(p, "a patch", PATCH_KEYS);
      String id = optText(m, "id");
      if (id == null) {
        throw new FleetFileException(source, line(p), "a patch needs 'id'");
      }
      out.add(
          new Patch(
              id,
              text(m, "classification", "Security"),
              text(m, "severity", "Important"),
              text(m, "title", id)));
    }
    return out;
  }

  private LoadAverage loadAverage(Node node) {
    if (node == null) {
      return LoadAverage.DEFAULT;
    }
    try {
      return LoadAverage.parse(scalar(node, "'loadAverage'"));
    } catch (IllegalArgumentException e) {
      throw new FleetFileException(source, line(node), "loadAverage: " + e.getMessage());
    }
  }

  /** How long the instance has been up when the fleet loads: 90s, 45m, 12h, 3d. */
  private Duration uptime(Node node) {
    if (node == null) {
      return Duration.ZERO;
    }
    String text = scalar(node, "'uptime'").trim();
    Matcher m = UPTIME.matcher(text);
    if (!m.matches()) {
      throw new FleetFileException(
          source,
          line(node),
          "uptime: '" + text + "' is not a duration (examples: 90s, 45m, 12h, 3d)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.compareTo(Duration.ofDays(36_500)) > 0) {
      throw new FleetFileException(source, line(node), "uptime: at most 36500d");
    }
    return d;
  }

  private Latency latency(Node node, Latency fallback) {
    if (node == null) {
      return fallback;
    }
    try {
      return Latency.parse(scalar(node, "a latency"));
    } catch (IllegalArgumentException e) {
      throw new FleetFileException(source, line(node), "latency: " + e.getMessage());
    }
  }

  // ---- YAML node helpers -------------------------------------------------------------------

  private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
    if (!(node instanceof MappingNode mapping)) {
      throw new FleetFileException(source, line(node), what + " must be a mapping of keys");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      String key = scalar(t.getKeyNode(), "a key");
      if (allowed != null && !allowed.contains(key)) {
        throw new FleetFileException(
            source,
            line(t.getKeyNode()),
            "unknown key '"
                + key
                + "' in "
                + what
                + " (known: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
      if (out.put(key, t.getValueNode()) != null) {
        throw new FleetFileException(
            source, line(t.getKeyNode()), "key '" + key + "' appears twice");
      }
    }
    return out;
  }

  private List<Node> sequence(Node node, String what) {
    if (!(node instanceof SequenceNode seq)) {
      throw new FleetFileException(source, line(node), "'" + what + "' must be a list");
    }
    return seq.getValue();
  }

  private String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode s)) {
      throw new FleetFileException(source, line(node), what + " must be a single value");
    }
    return s.getValue();
  }

  private Map<String, String> stringMap(Node node, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    mapping(node, "'" + what + "'", null)
        .forEach((k, v) -> out.put(k, scalar(v, "the value of " + what + "." + k)));
    return out;
  }

  private String optText(Map<String, Node> m, String key) {
    Node n = m.get(key);
    return n == null ? null : scalar(n, "'" + key + "'");
  }

  private String text(Map<String, Node> m, String key, String fallback) {
    String v = optText(m, key);
    return v == null ? fallback : v;
  }

  private int optInt(Map<String, Node> m, String key, int fallback) {
    String v = optText(m, key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new FleetFileException(
          source, line(m.get(key)), "'" + key + "' must be a whole number, not '" + v + "'");
    }
  }

  private boolean bool(Map<String, Node> m, String key) {
    String v = optText(m, key);
    if (v == null) {
      return false;
    }
    return switch (v.trim().toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new FleetFileException(
              source, line(m.get(key)), "'" + key + "' must be true or false, not '" + v + "'");
    };
  }

  private String choice(Map<String, Node> m, String key, String fallback, List<String> allowed) {
    String v = text(m, key, fallback);
    if (!allowed.contains(v)) {
      throw new FleetFileException(
          source,
          line(m.get(key)),
          "'" + key + "' must be one of " + allowed + ", not '" + v + "'");
    }
    return v;
  }

  private static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
