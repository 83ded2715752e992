package io.ssmflow.simulator.sns;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A topic. Mutable state is guarded by the owning {@link SnsState}'s lock. */
final class Topic {
  private final String arn;
  private final String name;
  private final String region;
  private final String account;
  private final boolean fifo;
  private final Instant created = Instant.now();

  /**
   * Settable attributes as the client gave them (DisplayName, Policy, DeliveryPolicy...); written
   * under the state lock, read by delivery threads too.
   */
  final Map<String, String> attributes = Collections.synchronizedMap(new LinkedHashMap<>());

  final Map<String, String> tags = Collections.synchronizedMap(new LinkedHashMap<>());
  int subscriptionsDeleted;
  long sequence;

  Topic(String arn, String name, String region, String account, boolean fifo) {
    this.arn = arn;
    this.name = name;
    this.region = region;
    this.account = account;
    this.fifo = fifo;
  }

  String arn() {
    return arn;
  }

  String name() {
    return name;
  }

  String region() {
    return region;
  }

  String account() {
    return account;
  }

  boolean fifo() {
    return fifo;
  }

  Instant created() {
    return created;
  }

  boolean contentBasedDeduplication() {
    return Boolean.parseBoolean(attributes.getOrDefault("ContentBasedDeduplication", "false"));
  }

  String signatureVersion() {
    return attributes.getOrDefault("SignatureVersion", "1");
  }

  /** The policy AWS gives a new topic. */
  String defaultPolicy() {
    return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
        + "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
        + "\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\","
        + "\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\","
        + "\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\""
        + arn
        + "\","
        + "\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\""
        + account
        + "\"}}}]}";
  }
}
