package io.ssmflow.simulator.ssm.params;

import io.ssmflow.simulator.core.AwsException;

/** The Parameter Store errors, with the codes the SDKs map to exception types. */
final class ParameterErrors {
  private ParameterErrors() {}

  static AwsException notFound(String name) {
    return new AwsException("ParameterNotFound", "Parameter " + name + " not found.");
  }

  static AwsException alreadyExists() {
    return new AwsException(
        "ParameterAlreadyExists",
        "The parameter already exists. To overwrite this value, set the overwrite option in the"
            + " request to true.");
  }

  static AwsException versionNotFound(String name, Object version) {
    return new AwsException(
        "ParameterVersionNotFound",
        "Systems Manager could not find version "
            + version
            + " of "
            + name
            + ". Verify the version and try again.");
  }

  static AwsException invalidFilterKey(String message) {
    return new AwsException("InvalidFilterKey", message);
  }

  static AwsException invalidFilterOption(String message) {
    return new AwsException("InvalidFilterOption", message);
  }

  static AwsException invalidFilterValue(String message) {
    return new AwsException("InvalidFilterValue", message);
  }

  /** AWS's wording for a member outside its length or value range. */
  static AwsException constraint(String member, Object value, String constraint) {
    return AwsException.validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }

  /** Checks an optional MaxResults against the model's range; answers the default when absent. */
  static int maxResults(Integer requested, int max, int fallback) {
    if (requested == null) {
      return fallback;
    }
    if (requested < 1) {
      throw constraint(
          "maxResults", requested, "Member must have value greater than or equal to 1");
    }
    if (requested > max) {
      throw constraint(
          "maxResults", requested, "Member must have value less than or equal to " + max);
    }
    return requested;
  }
}
