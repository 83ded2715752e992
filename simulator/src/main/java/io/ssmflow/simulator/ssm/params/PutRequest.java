package io.ssmflow.simulator.ssm.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import java.io.IOException;
import java.time.Instant;
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
  static final String DEFAULT_KEY_ID = "alias/aws/ssm";
  static final String MODIFIED_BY = "arn:aws:iam::" + RequestContext.ACCOUNT_ID + ":user/simulator";
  static final int STANDARD_MAX_VALUE = 4096;
  static final int ADVANCED_MAX_VALUE = 8192;

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

  /**
   * The version this request writes after {@code previous} (null: a new parameter). What an
   * overwrite leaves out is carried over from the latest version; the type, key, tier, data type
   * and allowed pattern are checked as PutParameter checks them.
   */
  ParameterVersion versionAfter(ParameterVersion previous, SecureStrings secureStrings) {
    if (previous == null && type() == null) {
      throw AwsException.validation("A parameter type is required when you create a parameter.");
    }
    String type = type() != null ? type() : previous.type;
    boolean secure = type.equals("SecureString");
    if (keyId() != null && !secure) {
      throw AwsException.validation("KeyId is required for SecureString type parameter only.");
    }
    String keyId =
        !secure
            ? null
            : keyId() != null
                ? keyId()
                : previous != null && previous.secure() ? previous.keyId : DEFAULT_KEY_ID;
    // On overwrite, what the request leaves out is carried over from the latest version.
    String description =
        description() != null ? description() : previous == null ? null : previous.description;
    String allowedPattern =
        allowedPattern() != null
            ? allowedPattern()
            : previous == null ? null : previous.allowedPattern;
    String dataType =
        dataType() != null ? dataType() : previous == null ? "text" : previous.dataType;
    List<ParameterVersion.Policy> policies =
        policies() != null ? policies() : previous == null ? List.of() : previous.policies;
    String tier = resolveTier(tier(), previous, value(), policies);
    checkDataType(dataType, type, value());
    if (allowedPattern != null
        && !allowedPattern.isEmpty()
        && !PatternCheck.matches(allowedPattern, value())) {
      throw new AwsException(
          "ParameterPatternMismatchException",
          "Parameter value, cannot be validated against allowedPattern: " + allowedPattern);
    }
    long number = previous == null ? 1 : previous.version + 1;
    String ciphertext = secure ? secureStrings.encrypt(value(), keyId) : null;
    return new ParameterVersion(
        name(),
        number,
        type,
        value(),
        ciphertext,
        keyId,
        description,
        allowedPattern,
        tier,
        dataType,
        policies,
        Instant.now(),
        MODIFIED_BY);
  }

  /**
   * The tier of the new version. Without a Tier the parameter keeps its tier (a new one is
   * Standard); Intelligent-Tiering picks Advanced only when the value or policies need it; an
   * Advanced parameter can never go back to Standard.
   */
  private static String resolveTier(
      String requested,
      ParameterVersion previous,
      String value,
      List<ParameterVersion.Policy> policies) {
    boolean wasAdvanced = previous != null && previous.tier.equals("Advanced");
    String tier = requested != null ? requested : previous != null ? previous.tier : "Standard";
    if (tier.equals("Intelligent-Tiering")) {
      tier =
          wasAdvanced || value.length() > STANDARD_MAX_VALUE || !policies.isEmpty()
              ? "Advanced"
              : "Standard";
    }
    if (tier.equals("Standard") && wasAdvanced) {
      throw AwsException.validation(
          "This parameter uses the advanced-parameter tier. You can't"
              + " downgrade a parameter from the advanced-parameter tier to the standard-parameter"
              + " tier. If necessary, you can delete the advanced parameter and recreate it as a"
              + " standard parameter.");
    }
    if (tier.equals("Standard") && value.length() > STANDARD_MAX_VALUE) {
      throw AwsException.validation(
          "Standard tier parameters support a maximum parameter value"
              + " of 4096 characters. To create a larger parameter value, upgrade the parameter to"
              + " use the advanced-parameter tier. For more information, see"
              + " https://docs.aws.amazon.com/systems-manager/latest/userguide/"
              + "parameter-store-advanced-parameters.html");
    }
    if (tier.equals("Standard") && !policies.isEmpty()) {
      throw AwsException.validation(
          "Standard tier parameters don't support parameter policies."
              + " To use parameter policies, upgrade the parameter to use the advanced-parameter"
              + " tier or use Intelligent-Tiering.");
    }
    if (value.length() > ADVANCED_MAX_VALUE) {
      throw AwsException.validation(
          "Advanced tier parameters support a maximum parameter value" + " of 8192 characters.");
    }
    return tier;
  }
}
