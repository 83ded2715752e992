package io.ssmflow.simulator.core;

import com.fasterxml.jackson.databind.node.DoubleNode;
import java.time.Instant;

/**
 * A timestamp in a JSON-protocol answer: written as epoch seconds in JSON and as CBOR tag 1 in
 * Smithy RPC v2 CBOR.
 */
public final class TimestampNode extends DoubleNode {
  private static final long serialVersionUID = 1L;

  public TimestampNode(Instant instant) {
    super(instant.toEpochMilli() / 1000.0);
  }

  public static TimestampNode of(Instant instant) {
    return new TimestampNode(instant);
  }
}
