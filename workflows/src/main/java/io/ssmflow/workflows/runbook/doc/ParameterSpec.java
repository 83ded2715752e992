package io.ssmflow.workflows.runbook.doc;

import java.util.List;

/**
 * One declared document parameter.
 *
 * @param name the parameter's name ({@code {{ name }}})
 * @param type its type
 * @param description free text
 * @param hasDefault whether a default is declared (a parameter without one is required)
 * @param defaultValue the default, already of {@code type}
 * @param allowedValues the only values accepted (each element's, for lists), or empty
 * @param allowedPattern a regular expression every value (each element) must match, or null
 * @param minItems the fewest list elements, or null
 * @param maxItems the most list elements, or null
 * @param minChars the shortest text, or null
 * @param maxChars the longest text, or null
 */
public record ParameterSpec(
    String name,
    ParamType type,
    String description,
    boolean hasDefault,
    Object defaultValue,
    List<Object> allowedValues,
    String allowedPattern,
    Integer minItems,
    Integer maxItems,
    Integer minChars,
    Integer maxChars) {
  public ParameterSpec {
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }
}
