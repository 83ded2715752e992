package io.ssmflow.simulator.http;

import java.util.Map;

/**
 * A service spoken in a Query protocol.
 *
 * @param signingName the SigV4 service name in the credential scope (ec2, sns, monitoring)
 * @param style the answer envelope
 * @param namespace the XML namespace of answers
 * @param throttleCode the error code answered when an operation is over its TPS knob
 * @param operations action name to implementation
 */
public record QueryApi(
    String signingName,
    QueryStyle style,
    String namespace,
    String throttleCode,
    Map<String, QueryOperation> operations) {}
