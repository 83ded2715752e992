package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.http.QueryRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Input checks shared by the EC2 actions. */
final class Ec2Requests {
  static final int MAX_TAGS_PER_RESOURCE = 50;

  private Ec2Requests() {}

  /** EC2 answers DryRunOperation instead of acting when {@code DryRun=true}. */
  static void checkDryRun(QueryRequest request) {
    if (request.bool("DryRun", false)) {
      throw Ec2Errors.dryRun();
    }
  }

  /** The ids of a list parameter ({@code InstanceId.N}), shape-checked, duplicates dropped. */
  static List<String> ids(QueryRequest request, String parameter, Ec2Id kind) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : request.list(parameter)) {
      ids.add(kind.check(id.trim()));
    }
    return new ArrayList<>(ids);
  }

  /** Like {@link #ids} but at least one is required. */
  static List<String> requiredIds(QueryRequest request, String parameter, Ec2Id kind) {
    List<String> ids = ids(request, parameter, kind);
    if (ids.isEmpty()) {
      throw Ec2Errors.missing(parameter);
    }
    return ids;
  }

  /** {@code Tag.N.Key / Tag.N.Value} of {@code prefix}; a missing value is the empty string. */
  static Map<String, String> tags(QueryRequest request, String prefix) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryRequest tag : request.structList(prefix)) {
      String key = tag.get("Key");
      if (key == null || key.isEmpty()) {
        throw Ec2Errors.invalidValue("Tag key must not be empty");
      }
      tags.put(key, tag.get("Value", ""));
    }
    checkTags(tags);
    return tags;
  }

  /** EC2's rules for user tags: key 1-128 characters, no {@code aws:} prefix, value 0-256. */
  static void checkTags(Map<String, String> tags) {
    for (Map.Entry<String, String> t : tags.entrySet()) {
      String key = t.getKey();
      if (key.length() > 128) {
        throw Ec2Errors.invalidValue("Tag key exceeds the maximum length of 128 characters");
      }
      if (key.toLowerCase().startsWith("aws:")) {
        throw Ec2Errors.invalidValue("Tag keys starting with 'aws:' are reserved for internal use");
      }
      if (t.getValue().length() > 256) {
        throw Ec2Errors.invalidValue("Tag value exceeds the maximum length of 256 characters");
      }
    }
  }

  /** Answers TagLimitExceeded when a resource would end with more than 50 tags. */
  static void checkTagCount(int count) {
    if (count > MAX_TAGS_PER_RESOURCE) {
      throw new AwsException(
          "TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
    }
  }

  /**
   * The tags of {@code TagSpecification.N} for {@code resourceType}; a specification for any other
   * resource type is InvalidParameterValue, as EC2 answers.
   */
  static Map<String, String> tagSpecifications(QueryRequest request, String resourceType) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryRequest spec : request.structList("TagSpecification")) {
      String type = spec.get("ResourceType");
      if (type == null || type.isEmpty()) {
        throw Ec2Errors.missing("TagSpecification.ResourceType");
      }
      if (!type.equals(resourceType)) {
        throw Ec2Errors.invalidValue(
            "'" + type + "' is not a valid taggable resource type for this operation.");
      }
      tags.putAll(tags(spec, "Tag"));
    }
    checkTagCount(tags.size());
    return tags;
  }
}
