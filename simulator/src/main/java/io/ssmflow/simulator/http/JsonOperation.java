package io.ssmflow.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.RequestContext;

/**
 * One operation of a JSON-shaped protocol (AWS JSON 1.0/1.1, Smithy RPC v2 CBOR). The input is the
 * decoded request document; the answer is the response document. Throw {@link
 * io.ssmflow.simulator.core.AwsException} for client errors.
 */
@FunctionalInterface
public interface JsonOperation {
  JsonNode invoke(ObjectNode input, RequestContext context);
}
