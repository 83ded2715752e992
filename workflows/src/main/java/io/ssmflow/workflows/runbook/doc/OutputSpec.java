package io.ssmflow.workflows.runbook.doc;

/**
 * A user-defined step output: a value selected from the step's response.
 *
 * @param name the output's name ({@code {{ step.name }}})
 * @param selector a JSONPath into the response, e.g. {@code $.Reservations[0].InstanceId}
 * @param type the value's type
 */
public record OutputSpec(String name, String selector, ParamType type) {}
