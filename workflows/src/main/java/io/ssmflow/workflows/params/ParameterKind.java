package io.ssmflow.workflows.params;

/** Parameter Store's parameter types, by their AWS names. */
public enum ParameterKind {
  STRING("String"),
  STRING_LIST("StringList"),
  SECURE_STRING("SecureString");

  /** What is shown instead of a secure value. */
  public static final String MASK = "****";

  private final String awsName;

  ParameterKind(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  /** The kind of an AWS type name; unknown names are an IllegalArgumentException. */
  public static ParameterKind ofAws(String name) {
    for (ParameterKind k : values()) {
      if (k.awsName.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown parameter type " + name);
  }
}
