package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.http.XmlWriter;
import java.util.Map;

/** XML pieces that several EC2 answers share. */
final class Ec2Xml {
  private Ec2Xml() {}

  /** {@code tagSet}; omitted when there are no tags, as EC2 does. */
  static void tagSet(XmlWriter out, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    out.start("tagSet");
    tags.forEach((k, v) -> out.start("item").leaf("key", k).leaf("value", v).end());
    out.end();
  }

  /** An InstanceState structure ({@code code}, {@code name}). */
  static void instanceState(XmlWriter out, String element, String name) {
    out.start(element).leaf("code", stateCode(name)).leaf("name", name).end();
  }

  /** EC2's state codes (the low byte of the code AWS documents). */
  static int stateCode(String name) {
    return switch (name) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      case "stopped" -> 80;
      default -> throw new IllegalStateException("unknown instance state " + name);
    };
  }

  static void returnTrue(XmlWriter out) {
    out.leaf("return", "true");
  }
}
