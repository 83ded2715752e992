package io.ssmflow.simulator.ssm.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The validated members of a PutParameter call, and the checks of a value against its type. */
record PutRequest(
    String name,
    String value,
    String type,
    String keyId,
    String description,
    String allowedPattern,
    boolean overwrite,
    Map<String, String> tags,
    String tier,
    String dataType,
    List<ParameterVersion.Policy> policies) {

  static PutRequest parse(ObjectNode in) {
    String name = ParameterNames.forCreate(Json.requiredText(in, "Name"));
    String value = Json.requiredText(in, "Value");
    if (value.isEmpty()) {
      throw ParameterErrors.constraint(
          "value", "", "Member must have length greater than or equal to 1.");
    }
    String type = Json.optionalText(in, "Type");
    if (type != null && !TYPES.contains(type)) {
      throw ParameterErrors.constraint(
          "type", type, "Member must satisfy enum value set: [SecureString, StringList, String]");
    }
    String keyId = Json.optionalText(in, "KeyId");
    if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
      throw ParameterErrors.constraint(
          "keyId", keyId, "Member must satisfy regular expression pattern: ^([a-zA-Z0-9:/_-]+)$");
    }
    String description = Json.optionalText(in, "Description");
    if (description != null && description.length() > 1024) {
      throw AwsException.validation(
          "1 validation error detected: Value at 'description'"
              + " failed to satisfy constraint: Member must have length less than or equal to 1024");
    }
    String allowedPattern = Json.optionalText(in, "AllowedPattern");
    if (allowedPattern != null) {
      checkPattern(allowedPattern);
    }
    boolean overwrite = Json.bool(in, "Overwrite", false);
    List<JsonNode> tagNodes = Json.objectList(in, "Tags");
    if (overwrite && !tagNodes.isEmpty()) {
      throw AwsException.validation(
          "Invalid request: tags and overwrite can't be used"
              + " together. To create a parameter with tags, please remove overwrite flag. To"
              + " update tags for an existing parameter, please use AddTagsToResource or"
              + " RemoveTagsFromResource.");
    }
    Map<String, String> tags = Tags.parse(tagNodes);
    Tags.checkLimit(Map.of(), tags);
    String tier = Json.optionalText(in, "Tier");
    if (tier != null && !TIERS.contains(tier)) {
      throw ParameterErrors.constraint(
          "tier",
          tier,
          "Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]");
    }
    String dataType = Json.optionalText(in, "DataType");
    if (dataType != null && !DATA_TYPES.contains(dataType)) {
      throw AwsException.validation(
          "The following data type is not supported: "
              + dataType
              + " (Data type names are all lowercase.)");
    }
    String policies = Json.optionalText(in, "Policies");
    return new PutRequest(
        name,
        value,
        type,
        keyId,
        description,
        allowedPattern,
        overwrite,
        tags,
        tier,
        dataType,
        policies == null ? null : parsePolicies(policies));
  }

  private static final List<String> TYPES = List.of("String", "StringList", "SecureString");
  private static final List<String> TIERS = List.of("Standard", "Advanced", "Intelligent-Tiering");
  private static final List<String> DATA_TYPES =
      List.of("text", "aws:ec2:image", "aws:ssm:integration");
  private static final List<String> POLICY_TYPES =
      List.of("Expiration", "ExpirationNotification", "NoChangeNotification");
  private static final Pattern KEY_ID = Pattern.compile("[a-zA-Z0-9:/_-]{1,256}");
  private static final Pattern AMI_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");

  /** A value of data type aws:ec2:image must be an AMI id (String parameters only). */
  static void checkDataType(String dataType, String type, String value) {
    if (!dataType.equals("aws:ec2:image")) {
      return;
    }
    if (!type.equals("String")) {
      throw AwsException.validation(
          "The data type aws:ec2:image is only supported for" + " parameters of type String.");
    }
    if (!AMI_ID.matcher(value).matches()) {
      throw AwsException.validation(
          "The parameter value isn't a valid AMI ID. Specify an AMI ID"
              + " in the format ami-12345abcdeEXAMPLE and try again.");
    }
  }

  private static void checkPattern(String allowedPattern) {
    if (allowedPattern.length() > 1024) {
      throw AwsException.validation(
          "1 validation error detected: Value at 'allowedPattern'"
              + " failed to satisfy constraint: Member must have length less than or equal to 1024");
    }
    try {
      Pattern.compile(allowedPattern);
    } catch (PatternSyntaxException e) {
      throw new AwsException(
          "InvalidAllowedPatternException",
          "The request doesn't meet the regular expression requirement: " + e.getDescription());
    }
  }

  /** Policies: a JSON array of {Type, Version, Attributes}; an empty array removes them. */
  private static List<ParameterVersion.Policy> parsePolicies(String text) {
    if (text.isEmpty() || text.length() > 4096) {
      throw AwsException.validation(
          "1 validation error detected: Value at 'policies' failed to"
              + " satisfy constraint: Member must have length less than or equal to 4096, Member"
              + " must have length greater than or equal to 1");
    }
    JsonNode array;
    try {
      array = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AwsException(
          "InvalidPolicyAttributeException",
          "The policies are not a valid JSON array of policy documents.");
    }
    if (array == null || !array.isArray()) {
      throw new AwsException(
          "InvalidPolicyAttributeException",
          "The policies are not a valid JSON array of policy documents.");
    }
    List<ParameterVersion.Policy> out = new ArrayList<>();
    for (JsonNode policy : array) {
      String type = policy.path("Type").asText("");
      if (!POLICY_TYPES.contains(type)) {
        throw new AwsException(
            "InvalidPolicyTypeException",
            "The policy type "
                + type
                + " isn't supported. Parameter Store supports the following policy types:"
                + " Expiration, ExpirationNotification, and NoChangeNotification.");
      }
      out.add(new ParameterVersion.Policy(policy.toString(), type));
    }
    if (out.size() > 10) {
      throw new AwsException(
          "PoliciesLimitExceededException",
          "You specified more than the maximum number of allowed policies for the parameter."
              + " The maximum is 10.");
    }
    return out;
  }
}
