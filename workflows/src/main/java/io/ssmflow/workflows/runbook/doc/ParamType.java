package io.ssmflow.workflows.runbook.doc;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The value types of SSM Automation: parameter types and the Type of a step output. The instance-id
 * types AWS added later are taken as their plain equivalents.
 */
public enum ParamType {
  STRING("String"),
  STRING_LIST("StringList"),
  INTEGER("Integer"),
  BOOLEAN("Boolean"),
  MAP_LIST("MapList"),
  STRING_MAP("StringMap");

  private final String awsName;

  ParamType(String awsName) {
    this.awsName = awsName;
  }

  /** The name documents use, e.g. {@code StringList}. */
  public String awsName() {
    return awsName;
  }

  /** Whether values of this type are lists. */
  public boolean isList() {
    return this == STRING_LIST || this == MAP_LIST;
  }

  /** Whether a value of this type can be written inside text ({{ X }} among other words). */
  public boolean isScalar() {
    return this == STRING || this == INTEGER || this == BOOLEAN;
  }

  /**
   * The type named {@code text}, or null when there is none.
   *
   * @param text e.g. {@code String}, {@code AWS::EC2::Instance::Id}
   */
  public static ParamType parse(String text) {
    if (text == null) {
      return null;
    }
    for (ParamType t : values()) {
      if (t.awsName.equals(text)) {
        return t;
      }
    }
    return switch (text) {
      case "AWS::EC2::Instance::Id", "AWS::IAM::Role::Arn", "AWS::S3::Bucket::Name" -> STRING;
      case "List<AWS::EC2::Instance::Id>" -> STRING_LIST;
      default -> null;
    };
  }

  /** {@code String, StringList, ...} for messages. */
  public static String names() {
    return Arrays.stream(values()).map(ParamType::awsName).collect(Collectors.joining(", "));
  }
}
