package io.ssmflow.simulator.http;

import io.ssmflow.simulator.core.RequestContext;

/**
 * One operation of a Query protocol (EC2 Query, AWS Query). It writes the members of its answer
 * into {@code out}; the router wraps them in the protocol's envelope.
 */
@FunctionalInterface
public interface QueryOperation {
  void invoke(QueryRequest request, XmlWriter out, RequestContext context);
}
