package io.ssmflow.simulator.sns;

import static io.ssmflow.simulator.sns.SnsInput.entries;
import static io.ssmflow.simulator.sns.SnsInput.isJsonObject;
import static io.ssmflow.simulator.sns.SnsInput.requiredTopicArn;
import static io.ssmflow.simulator.sns.SnsInput.tags;
import static io.ssmflow.simulator.sns.SnsInput.validateTags;
import static io.ssmflow.simulator.sns.SnsPaging.page;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import io.ssmflow.simulator.sns.SnsPaging.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes and SetTopicAttributes. */
final class TopicOperations {
  static final int MAX_TOPICS = 100_000;
  private static final Pattern TOPIC_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");
  private static final Pattern FIFO_TOPIC_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,251}\\.fifo$");
  private static final Set<String> TOPIC_ATTRIBUTES =
      Set.of(
          "DeliveryPolicy",
          "DisplayName",
          "FifoTopic",
          "Policy",
          "SignatureVersion",
          "TracingConfig",
          "KmsMasterKeyId",
          "ContentBasedDeduplication",
          "ArchivePolicy",
          "FifoThroughputScope",
          "ApplicationSuccessFeedbackRoleArn",
          "ApplicationSuccessFeedbackSampleRate",
          "ApplicationFailureFeedbackRoleArn",
          "HTTPSuccessFeedbackRoleArn",
          "HTTPSuccessFeedbackSampleRate",
          "HTTPFailureFeedbackRoleArn",
          "LambdaSuccessFeedbackRoleArn",
          "LambdaSuccessFeedbackSampleRate",
          "LambdaFailureFeedbackRoleArn",
          "SQSSuccessFeedbackRoleArn",
          "SQSSuccessFeedbackSampleRate",
          "SQSFailureFeedbackRoleArn",
          "FirehoseSuccessFeedbackRoleArn",
          "FirehoseSuccessFeedbackSampleRate",
          "FirehoseFailureFeedbackRoleArn");

  private final SnsState state;

  TopicOperations(SnsState state) {
    this.state = state;
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("CreateTopic", this::createTopic);
    ops.put("DeleteTopic", this::deleteTopic);
    ops.put("ListTopics", this::listTopics);
    ops.put("GetTopicAttributes", this::getTopicAttributes);
    ops.put("SetTopicAttributes", this::setTopicAttributes);
  }

  private void createTopic(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String name = req.get("Name");
    if (name == null) {
      throw SnsErrors.missing("Name");
    }
    Map<String, String> attrs = entries(req, "Attributes.entry");
    Map<String, String> tags = tags(req, "Tags.member");
    String fifoValue = attrs.getOrDefault("FifoTopic", "false");
    if (!fifoValue.equalsIgnoreCase("true") && !fifoValue.equalsIgnoreCase("false")) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: Attributes Reason: FifoTopic: Invalid"
              + " value ["
              + fifoValue
              + "] for FifoTopic");
    }
    boolean fifo = fifoValue.equalsIgnoreCase("true");
    if (fifo ? !FIFO_TOPIC_NAME.matcher(name).matches() : !TOPIC_NAME.matcher(name).matches()) {
      throw SnsErrors.invalidParameter(
          fifo
              ? "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only"
                  + " uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and"
                  + " must be between 1 and 256 characters long."
              : "Invalid parameter: Topic Name");
    }
    attrs.remove("FifoTopic");
    attrs.forEach((k, v) -> validateTopicAttribute(k, v, fifo, true));
    validateTags(tags, 0);
    String arn = ctx.arn("sns", name);
    synchronized (state.lock) {
      Topic existing = state.topics.get(arn);
      if (existing != null) {
        for (Map.Entry<String, String> e : attrs.entrySet()) {
          if (!e.getValue().equals(existing.attributes.get(e.getKey()))) {
            throw SnsErrors.invalidParameter(
                "Invalid parameter: Attributes Reason: Topic already"
                    + " exists with different attributes");
          }
        }
        if (!tags.isEmpty() && !tags.equals(existing.tags)) {
          throw SnsErrors.invalidParameter(
              "Invalid parameter: Tags Reason: Topic already exists with different tags");
        }
      } else {
        if (state.topics.size() >= MAX_TOPICS) {
          throw new AwsException(
              "TopicLimitExceeded",
              "Topic limit exceeded: an account may have " + MAX_TOPICS + " topics",
              403);
        }
        Topic topic = new Topic(arn, name, ctx.region(), ctx.accountId(), fifo);
        topic.attributes.putAll(attrs);
        topic.tags.putAll(tags);
        state.topics.put(arn, topic);
      }
    }
    out.leaf("TopicArn", arn);
  }

  private void deleteTopic(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    synchronized (state.lock) {
      // Deleting a topic that does not exist is not an error, as in AWS.
      if (state.topics.remove(arn) != null) {
        state.subscriptions.values().removeIf(s -> s.topicArn().equals(arn));
        state.deduplication.remove(arn);
      }
    }
  }

  private void listTopics(QueryRequest req, XmlWriter out, RequestContext ctx) {
    List<Topic> all;
    synchronized (state.lock) {
      all = state.topics.values().stream().filter(t -> t.region().equals(ctx.region())).toList();
    }
    Page<Topic> page = page(all, req.get("NextToken"), Topic::arn);
    out.start("Topics");
    page.items().forEach(t -> out.start("member").leaf("TopicArn", t.arn()).end());
    out.end();
    out.leaf("NextToken", page.nextToken());
  }

  private void getTopicAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    Map<String, String> attrs = new LinkedHashMap<>();
    synchronized (state.lock) {
      Topic t = state.topic(arn);
      int pending = 0;
      int confirmed = 0;
      for (Subscription s : state.subscriptions.values()) {
        if (s.topicArn().equals(arn)) {
          if (s.confirmed()) {
            confirmed++;
          } else {
            pending++;
          }
        }
      }
      attrs.put("Policy", t.attributes.getOrDefault("Policy", t.defaultPolicy()));
      attrs.put("Owner", t.account());
      attrs.put("SubscriptionsPending", Integer.toString(pending));
      attrs.put("TopicArn", t.arn());
      attrs.put("EffectiveDeliveryPolicy", SnsViews.EFFECTIVE_DELIVERY_POLICY);
      attrs.put("SubscriptionsConfirmed", Integer.toString(confirmed));
      attrs.put("DisplayName", t.attributes.getOrDefault("DisplayName", ""));
      attrs.put("SubscriptionsDeleted", Integer.toString(t.subscriptionsDeleted));
      if (t.fifo()) {
        attrs.put("FifoTopic", "true");
        attrs.put("ContentBasedDeduplication", Boolean.toString(t.contentBasedDeduplication()));
      }
      t.attributes.forEach(attrs::putIfAbsent);
    }
    SnsViews.writeAttributes(out, attrs);
  }

  private void setTopicAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    String name = req.get("AttributeName");
    if (name == null) {
      throw SnsErrors.missing("AttributeName");
    }
    String value = req.get("AttributeValue", "");
    synchronized (state.lock) {
      Topic t = state.topic(arn);
      validateTopicAttribute(name, value, t.fifo(), false);
      t.attributes.put(name, value);
    }
  }

  private static void validateTopicAttribute(
      String name, String value, boolean fifo, boolean creating) {
    if (!TOPIC_ATTRIBUTES.contains(name) || (!creating && name.equals("FifoTopic"))) {
      throw SnsErrors.invalidParameter(
          creating
              ? "Invalid parameter: Attributes Reason: Unknown attribute " + name
              : "Invalid parameter: AttributeName");
    }
    switch (name) {
      case "Policy", "DeliveryPolicy", "ArchivePolicy" -> {
        if (!value.isEmpty() && !isJsonObject(value)) {
          throw SnsErrors.invalidParameter(
              "Invalid parameter: " + name + " Error: failed to parse JSON");
        }
      }
      case "DisplayName" -> {
        if (value.length() > 100) {
          throw SnsErrors.invalidParameter("Invalid parameter: DisplayName");
        }
      }
      case "SignatureVersion" -> {
        if (!value.equals("1") && !value.equals("2")) {
          throw SnsErrors.invalidParameter("Invalid parameter: SignatureVersion");
        }
      }
      case "TracingConfig" -> {
        if (!value.equals("PassThrough") && !value.equals("Active")) {
          throw SnsErrors.invalidParameter("Invalid parameter: TracingConfig");
        }
      }
      case "ContentBasedDeduplication" -> {
        if (!fifo) {
          throw SnsErrors.invalidParameter(
              "Invalid parameter: ContentBasedDeduplication Reason:"
                  + " Content based deduplication can only be set for FIFO topics");
        }
        if (!value.equals("true") && !value.equals("false")) {
          throw SnsErrors.invalidParameter("Invalid parameter: ContentBasedDeduplication");
        }
      }
      case "FifoThroughputScope" -> {
        if (!fifo || (!value.equals("Topic") && !value.equals("MessageGroup"))) {
          throw SnsErrors.invalidParameter("Invalid parameter: FifoThroughputScope");
        }
      }
      default -> {}
    }
  }
}
