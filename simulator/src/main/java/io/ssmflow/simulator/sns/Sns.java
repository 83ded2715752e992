package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * SNS over the AWS Query protocol: topics, subscriptions, Publish and PublishBatch. HTTP/HTTPS
 * subscriptions to loopback endpoints receive real, signed SNS notifications, delivered
 * asynchronously with retries; other protocols are recorded. Every published message is readable
 * through {@code GET /_sim/sns/messages}. Other services publish with {@link #publish}.
 */
public final class Sns implements AutoCloseable {
  static final int PAGE_SIZE = 100;
  static final int MAX_MESSAGE_BYTES = 262_144;
  static final int MAX_MESSAGES_PER_TOPIC = 10_000;
  static final int MAX_TOPICS = 100_000;
  private static final int MAX_TAGS = 50;
  private static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);
  private static final Pattern TOPIC_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");
  private static final Pattern FIFO_TOPIC_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,251}\\.fifo$");
  private static final Pattern TOPIC_ARN =
      Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}$");
  private static final Pattern SQS_ARN =
      Pattern.compile("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$");
  private static final Pattern LAMBDA_ARN = Pattern.compile(
      "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$");
  private static final Pattern FIREHOSE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\\d{12}:deliverystream/.+$");
  private static final Pattern E164 = Pattern.compile("^\\+?[1-9]\\d{1,14}$");
  private static final Pattern BATCH_ID = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,256}$");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Set<String> PROTOCOLS = Set.of("http", "https", "email", "email-json",
      "sqs", "lambda", "sms", "firehose", "application");
  private static final Set<String> TOPIC_ATTRIBUTES = Set.of("DeliveryPolicy", "DisplayName",
      "FifoTopic", "Policy", "SignatureVersion", "TracingConfig", "KmsMasterKeyId",
      "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope",
      "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate",
      "ApplicationFailureFeedbackRoleArn", "HTTPSuccessFeedbackRoleArn",
      "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
      "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate",
      "LambdaFailureFeedbackRoleArn", "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate",
      "SQSFailureFeedbackRoleArn", "FirehoseSuccessFeedbackRoleArn",
      "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn");
  private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of("DeliveryPolicy",
      "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy",
      "SubscriptionRoleArn", "ReplayPolicy");
  private static final String EFFECTIVE_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy"
      + "\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\""
      + ":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},"
      + "\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":"
      + "\"text/plain; charset=UTF-8\"}}}";

  private final Object lock = new Object();
  private final Map<String, Topic> topics = new TreeMap<>();
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Map<String, Deque<PublishedMessage>> messages = new HashMap<>();
  /** FIFO deduplication: topic ARN -> deduplication id -> the message first published. */
  private final Map<String, Map<String, PublishedMessage>> deduplication = new HashMap<>();
  private long subscriptionSeq;
  private final SecureRandom random = new SecureRandom();
  private final MessageSigner signer = new MessageSigner();
  private final HttpDelivery http = new HttpDelivery();
  private volatile URI endpoint = URI.create("http://127.0.0.1:4566");

  public Sns(Fleet fleet, AdminRoutes admin) {
    Objects.requireNonNull(fleet, "fleet is null");
    fleet.onReset(this::clear);
    admin.add("GET", "/_sim/sns/messages", this::adminMessages);
    admin.add("DELETE", "/_sim/sns/messages", r -> Json.object().put("deleted", clearMessages()));
    admin.add("GET", "/_sim/sns/topics", r -> adminTopics());
    admin.add("GET", "/_sim/sns/signing-key", r -> Json.object()
        .put("publicKeyPem", signer.publicKeyPem()));
  }

  /**
   * The simulator's own base URL, used in the SubscribeURL, UnsubscribeURL and SigningCertURL of
   * notifications so that a receiver can call back.
   */
  public void endpoint(URI endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
  }

  public Map<String, QueryOperation> operations() {
    Map<String, QueryOperation> ops = new LinkedHashMap<>();
    ops.put("CreateTopic", this::createTopic);
    ops.put("DeleteTopic", this::deleteTopic);
    ops.put("ListTopics", this::listTopics);
    ops.put("GetTopicAttributes", this::getTopicAttributes);
    ops.put("SetTopicAttributes", this::setTopicAttributes);
    ops.put("Subscribe", this::subscribe);
    ops.put("ConfirmSubscription", this::confirmSubscription);
    ops.put("Unsubscribe", this::unsubscribe);
    ops.put("ListSubscriptions", this::listSubscriptions);
    ops.put("ListSubscriptionsByTopic", this::listSubscriptionsByTopic);
    ops.put("GetSubscriptionAttributes", this::getSubscriptionAttributes);
    ops.put("SetSubscriptionAttributes", this::setSubscriptionAttributes);
    ops.put("Publish", this::publish);
    ops.put("PublishBatch", this::publishBatch);
    ops.put("TagResource", this::tagResource);
    ops.put("UntagResource", this::untagResource);
    ops.put("ListTagsForResource", this::listTagsForResource);
    return Map.copyOf(ops);
  }

  /**
   * Publishes {@code message} to a topic the way the Publish action does (deliveries included)
   * and answers the message id. Throws an {@link AwsException} (NotFound) for an unknown topic.
   */
  public String publish(String topicArn, String subject, String message) {
    Topic topic;
    synchronized (lock) {
      topic = topic(topicArn);
    }
    Outgoing out = new Outgoing(message, subject, null, Map.of(), null, null);
    validate(out, topic);
    return accept(topic, out).id();
  }

  // ---- topics ------------------------------------------------------------------------------

  private void createTopic(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String name = req.get("Name");
    if (name == null) {
      throw SnsErrors.missing("Name");
    }
    Map<String, String> attrs = entries(req, "Attributes.entry");
    Map<String, String> tags = tags(req, "Tags.member");
    String fifoValue = attrs.getOrDefault("FifoTopic", "false");
    if (!fifoValue.equalsIgnoreCase("true") && !fifoValue.equalsIgnoreCase("false")) {
      throw SnsErrors.invalidParameter("Invalid parameter: Attributes Reason: FifoTopic: Invalid"
          + " value [" + fifoValue + "] for FifoTopic");
    }
    boolean fifo = fifoValue.equalsIgnoreCase("true");
    if (fifo ? !FIFO_TOPIC_NAME.matcher(name).matches() : !TOPIC_NAME.matcher(name).matches()) {
      throw SnsErrors.invalidParameter(fifo
          ? "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only"
              + " uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and"
              + " must be between 1 and 256 characters long."
          : "Invalid parameter: Topic Name");
    }
    attrs.remove("FifoTopic");
    attrs.forEach((k, v) -> validateTopicAttribute(k, v, fifo, true));
    validateTags(tags, 0);
    String arn = ctx.arn("sns", name);
    synchronized (lock) {
      Topic existing = topics.get(arn);
      if (existing != null) {
        for (Map.Entry<String, String> e : attrs.entrySet()) {
          if (!e.getValue().equals(existing.attributes.get(e.getKey()))) {
            throw SnsErrors.invalidParameter("Invalid parameter: Attributes Reason: Topic already"
                + " exists with different attributes");
          }
        }
        if (!tags.isEmpty() && !tags.equals(existing.tags)) {
          throw SnsErrors.invalidParameter(
              "Invalid parameter: Tags Reason: Topic already exists with different tags");
        }
      } else {
        if (topics.size() >= MAX_TOPICS) {
          throw new AwsException("TopicLimitExceeded",
              "Topic limit exceeded: an account may have " + MAX_TOPICS + " topics", 403);
        }
        Topic topic = new Topic(arn, name, ctx.region(), ctx.accountId(), fifo);
        topic.attributes.putAll(attrs);
        topic.tags.putAll(tags);
        topics.put(arn, topic);
      }
    }
    out.leaf("TopicArn", arn);
  }

  private void deleteTopic(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    synchronized (lock) {
      // Deleting a topic that does not exist is not an error, as in AWS.
      if (topics.remove(arn) != null) {
        subscriptions.values().removeIf(s -> s.topicArn().equals(arn));
        deduplication.remove(arn);
      }
    }
  }

  private void listTopics(QueryRequest req, XmlWriter out, RequestContext ctx) {
    List<Topic> all;
    synchronized (lock) {
      all = topics.values().stream().filter(t -> t.region().equals(ctx.region())).toList();
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
    synchronized (lock) {
      Topic t = topic(arn);
      int pending = 0;
      int confirmed = 0;
      for (Subscription s : subscriptions.values()) {
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
      attrs.put("EffectiveDeliveryPolicy", EFFECTIVE_DELIVERY_POLICY);
      attrs.put("SubscriptionsConfirmed", Integer.toString(confirmed));
      attrs.put("DisplayName", t.attributes.getOrDefault("DisplayName", ""));
      attrs.put("SubscriptionsDeleted", Integer.toString(t.subscriptionsDeleted));
      if (t.fifo()) {
        attrs.put("FifoTopic", "true");
        attrs.put("ContentBasedDeduplication", Boolean.toString(t.contentBasedDeduplication()));
      }
      t.attributes.forEach(attrs::putIfAbsent);
    }
    writeAttributes(out, attrs);
  }

  private void setTopicAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    String name = req.get("AttributeName");
    if (name == null) {
      throw SnsErrors.missing("AttributeName");
    }
    String value = req.get("AttributeValue", "");
    synchronized (lock) {
      Topic t = topic(arn);
      validateTopicAttribute(name, value, t.fifo(), false);
      t.attributes.put(name, value);
    }
  }

  private static void validateTopicAttribute(String name, String value, boolean fifo,
      boolean creating) {
    if (!TOPIC_ATTRIBUTES.contains(name) || (!creating && name.equals("FifoTopic"))) {
      throw SnsErrors.invalidParameter(creating
          ? "Invalid parameter: Attributes Reason: Unknown attribute " + name
          : "Invalid parameter: AttributeName");
    }
    switch (name) {
      case "Policy", "DeliveryPolicy", "ArchivePolicy" -> {
        if (!value.isEmpty() && !isJsonObject(value)) {
          throw SnsErrors.invalidParameter("Invalid parameter: " + name
              + " Error: failed to parse JSON");
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
          throw SnsErrors.invalidParameter("Invalid parameter: ContentBasedDeduplication Reason:"
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
      default -> { }
    }
  }

  // ---- subscriptions -----------------------------------------------------------------------

  private void subscribe(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String topicArn = requiredTopicArn(req, "TopicArn");
    String protocol = req.get("Protocol");
    if (protocol == null) {
      throw SnsErrors.missing("Protocol");
    }
    String endpoint = req.get("Endpoint");
    if (!PROTOCOLS.contains(protocol)) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: Amazon SNS does not support this protocol string: " + protocol);
    }
    URI httpEndpoint = validateEndpoint(protocol, endpoint);
    Map<String, String> attrs = entries(req, "Attributes.entry");
    FilterPolicy filter = validateSubscriptionAttributes(attrs, protocol);
    boolean returnArn = req.bool("ReturnSubscriptionArn", false);
    Subscription sub;
    boolean created = false;
    synchronized (lock) {
      Topic topic = topic(topicArn);
      if (topic.fifo() && !protocol.equals("sqs") && !protocol.equals("firehose")) {
        throw SnsErrors.invalidParameter("Invalid parameter: Endpoint Reason: FIFO topics only"
            + " deliver to SQS queues and Firehose streams, not to protocol " + protocol);
      }
      sub = subscriptions.values().stream().filter(s -> s.topicArn().equals(topicArn)
          && s.protocol().equals(protocol) && s.endpoint().equals(endpoint)).findFirst()
          .orElse(null);
      if (sub != null) {
        for (Map.Entry<String, String> e : attrs.entrySet()) {
          if (!e.getValue().equals(sub.attributes.get(e.getKey()))) {
            throw SnsErrors.invalidParameter("Invalid parameter: Attributes Reason: Subscription"
                + " already exists with different attributes");
          }
        }
      } else {
        boolean confirmedAtOnce = !httpOrEmail(protocol);
        sub = new Subscription(topicArn + ":" + Ids.uuid(), topicArn, protocol, endpoint,
            ctx.accountId(), token(), ++subscriptionSeq, confirmedAtOnce);
        sub.attributes.putAll(attrs);
        sub.filter(filter);
        subscriptions.put(sub.arn(), sub);
        created = true;
      }
    }
    if (created && httpEndpoint != null) {
      sendConfirmation(sub, httpEndpoint);
    }
    out.leaf("SubscriptionArn", sub.confirmed() || returnArn ? sub.arn() : "pending confirmation");
  }

  private static boolean httpOrEmail(String protocol) {
    return protocol.equals("http") || protocol.equals("https") || protocol.equals("email")
        || protocol.equals("email-json");
  }

  private static URI validateEndpoint(String protocol, String endpoint) {
    if (endpoint == null || endpoint.isEmpty()) {
      throw SnsErrors.invalidParameter("Invalid parameter: Endpoint");
    }
    switch (protocol) {
      case "http", "https" -> {
        return LoopbackEndpoints.require(protocol, endpoint);
      }
      case "email", "email-json" -> {
        int at = endpoint.indexOf('@');
        if (at <= 0 || at == endpoint.length() - 1 || endpoint.chars().anyMatch(
            Character::isWhitespace)) {
          throw SnsErrors.invalidParameter("Invalid parameter: Email address");
        }
      }
      case "sqs" -> {
        if (!SQS_ARN.matcher(endpoint).matches()) {
          throw SnsErrors.invalidParameter("Invalid parameter: SQS endpoint ARN");
        }
      }
      case "lambda" -> {
        if (!LAMBDA_ARN.matcher(endpoint).matches()) {
          throw SnsErrors.invalidParameter("Invalid parameter: Lambda endpoint ARN");
        }
      }
      case "firehose" -> {
        if (!FIREHOSE_ARN.matcher(endpoint).matches()) {
          throw SnsErrors.invalidParameter("Invalid parameter: Firehose endpoint ARN");
        }
      }
      case "sms" -> {
        if (!E164.matcher(endpoint.replaceAll("[ ().-]", "")).matches()) {
          throw SnsErrors.invalidParameter("Invalid SMS endpoint: " + endpoint);
        }
      }
      default -> throw SnsErrors.invalidParameter("Invalid parameter: Endpoint Reason: the"
          + " simulator has no platform applications, so it cannot subscribe " + endpoint);
    }
    return null;
  }

  private static FilterPolicy validateSubscriptionAttributes(Map<String, String> attrs,
      String protocol) {
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      validateSubscriptionAttribute(e.getKey(), e.getValue(), protocol);
    }
    String policy = attrs.get("FilterPolicy");
    return policy == null || policy.isEmpty() ? null
        : FilterPolicy.parse(policy, attrs.get("FilterPolicyScope"));
  }

  private static void validateSubscriptionAttribute(String name, String value, String protocol) {
    if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
      throw SnsErrors.invalidParameter("Invalid parameter: AttributeName");
    }
    switch (name) {
      case "RawMessageDelivery" -> {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw SnsErrors.invalidParameter("Invalid parameter: RawMessageDelivery");
        }
        if (value.equalsIgnoreCase("true") && Set.of("email", "email-json", "sms", "lambda")
            .contains(protocol)) {
          throw SnsErrors.invalidParameter("Invalid parameter: Delivery protocol [" + protocol
              + "] does not support raw message delivery attribute");
        }
      }
      case "FilterPolicyScope" -> {
        if (!value.equals("MessageAttributes") && !value.equals("MessageBody")) {
          throw SnsErrors.invalidParameter("Invalid parameter: FilterPolicyScope: Invalid filter"
              + " policy scope [" + value + "]");
        }
      }
      case "DeliveryPolicy", "RedrivePolicy", "ReplayPolicy" -> {
        if (!value.isEmpty() && !isJsonObject(value)) {
          throw SnsErrors.invalidParameter("Invalid parameter: " + name
              + ": failed to parse JSON");
        }
      }
      default -> { }
    }
  }

  private void confirmSubscription(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String topicArn = requiredTopicArn(req, "TopicArn");
    String token = req.get("Token");
    if (token == null) {
      throw SnsErrors.missing("Token");
    }
    Subscription sub;
    synchronized (lock) {
      topic(topicArn);
      sub = subscriptions.values().stream().filter(s -> s.topicArn().equals(topicArn)
          && s.token().equals(token)).findFirst()
          .orElseThrow(() -> SnsErrors.invalidParameter("Invalid token"));
    }
    sub.confirm("ConfirmSubscription");
    out.leaf("SubscriptionArn", sub.arn());
  }

  private void unsubscribe(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = req.get("SubscriptionArn");
    if (arn == null) {
      throw SnsErrors.missing("SubscriptionArn");
    }
    int cut = arn.lastIndexOf(':');
    if (cut < 0 || !TOPIC_ARN.matcher(arn.substring(0, cut)).matches()) {
      throw SnsErrors.invalidParameter("Invalid parameter: SubscriptionArn Reason: An ARN must"
          + " have at least 7 elements");
    }
    synchronized (lock) {
      // Unsubscribing twice is not an error.
      Subscription s = subscriptions.remove(arn);
      if (s != null && topics.containsKey(s.topicArn())) {
        topics.get(s.topicArn()).subscriptionsDeleted++;
      }
    }
  }

  private void listSubscriptions(QueryRequest req, XmlWriter out, RequestContext ctx) {
    List<Subscription> all;
    synchronized (lock) {
      all = subscriptions.values().stream()
          .filter(s -> topics.containsKey(s.topicArn())
              && topics.get(s.topicArn()).region().equals(ctx.region()))
          .toList();
    }
    writeSubscriptions(out, page(all, req.get("NextToken"), s -> seqKey(s.seq())));
  }

  private void listSubscriptionsByTopic(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    List<Subscription> all;
    synchronized (lock) {
      topic(arn);
      all = subscriptions.values().stream().filter(s -> s.topicArn().equals(arn)).toList();
    }
    writeSubscriptions(out, page(all, req.get("NextToken"), s -> seqKey(s.seq())));
  }

  private static String seqKey(long seq) {
    return String.format("%019d", seq);
  }

  private static void writeSubscriptions(XmlWriter out, Page<Subscription> page) {
    out.start("Subscriptions");
    for (Subscription s : page.items()) {
      out.start("member").leaf("SubscriptionArn", s.confirmed() ? s.arn() : "PendingConfirmation")
          .leaf("Owner", s.owner()).leaf("Protocol", s.protocol()).leaf("Endpoint", s.endpoint())
          .leaf("TopicArn", s.topicArn()).end();
    }
    out.end();
    out.leaf("NextToken", page.nextToken());
  }

  private Subscription subscription(String arn) {
    if (arn == null) {
      throw SnsErrors.missing("SubscriptionArn");
    }
    Subscription s = subscriptions.get(arn);
    if (s == null) {
      throw SnsErrors.notFound("Subscription does not exist");
    }
    return s;
  }

  private void getSubscriptionAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    Map<String, String> attrs = new LinkedHashMap<>();
    synchronized (lock) {
      Subscription s = subscription(req.get("SubscriptionArn"));
      attrs.put("Owner", s.owner());
      attrs.put("RawMessageDelivery", Boolean.toString(s.rawDelivery()));
      attrs.put("TopicArn", s.topicArn());
      attrs.put("Endpoint", s.endpoint());
      attrs.put("Protocol", s.protocol());
      attrs.put("PendingConfirmation", Boolean.toString(!s.confirmed()));
      attrs.put("ConfirmationWasAuthenticated", Boolean.toString(s.confirmed()));
      attrs.put("SubscriptionArn", s.arn());
      if (s.http()) {
        attrs.put("EffectiveDeliveryPolicy", EFFECTIVE_DELIVERY_POLICY);
      }
      s.attributes.forEach(attrs::putIfAbsent);
    }
    writeAttributes(out, attrs);
  }

  private void setSubscriptionAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String name = req.get("AttributeName");
    if (name == null) {
      throw SnsErrors.missing("AttributeName");
    }
    String value = req.get("AttributeValue", "");
    synchronized (lock) {
      Subscription s = subscription(req.get("SubscriptionArn"));
      validateSubscriptionAttribute(name, value, s.protocol());
      Map<String, String> next = new LinkedHashMap<>(s.attributes);
      next.put(name, value);
      String policy = next.get("FilterPolicy");
      s.filter(policy == null || policy.isEmpty() ? null
          : FilterPolicy.parse(policy, next.get("FilterPolicyScope")));
      s.attributes.put(name, value);
    }
  }

  // ---- publish -----------------------------------------------------------------------------

  /** A message on its way in: validated, then accepted. */
  private record Outgoing(String message, String subject, String structure,
      Map<String, MessageAttribute> attributes, String groupId, String deduplicationId) {}

  private void publish(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String topicArn = req.get("TopicArn");
    String targetArn = req.get("TargetArn");
    String phone = req.get("PhoneNumber");
    int targets = (topicArn != null ? 1 : 0) + (targetArn != null ? 1 : 0)
        + (phone != null ? 1 : 0);
    if (targets == 0) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
    }
    if (targets > 1) {
      throw SnsErrors.invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: Only"
          + " one of TopicArn, TargetArn or PhoneNumber may be specified");
    }
    Outgoing msg = outgoing(req);
    if (phone != null) {
      if (!E164.matcher(phone).matches()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: PhoneNumber Reason: " + phone + " is not valid to publish to");
      }
      validate(msg, null);
      PublishedMessage pm = new PublishedMessage(Ids.uuid(), "phone:" + phone, msg.subject(),
          msg.message(), msg.structure(), msg.attributes(), Instant.now(), null, null, null,
          List.of());
      synchronized (lock) {
        store(pm);
      }
      out.leaf("MessageId", pm.id());
      return;
    }
    String arn = topicArn != null ? topicArn : targetArn;
    String member = topicArn != null ? "TopicArn" : "TargetArn";
    if (!arn.startsWith("arn:")) {
      throw SnsErrors.invalidParameter("Invalid parameter: " + member);
    }
    if (targetArn != null && targetArn.contains(":endpoint/")) {
      throw SnsErrors.notFound("Endpoint does not exist");
    }
    Topic topic;
    synchronized (lock) {
      topic = topic(arn);
    }
    validate(msg, topic);
    PublishedMessage pm = accept(topic, msg);
    out.leaf("MessageId", pm.id());
    out.leaf("SequenceNumber", pm.sequenceNumber());
  }

  private void publishBatch(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    List<QueryRequest> entries = req.structList("PublishBatchRequestEntries.member");
    if (entries.isEmpty()) {
      throw new AwsException("EmptyBatchRequest",
          "The batch request doesn't contain any entries.");
    }
    if (entries.size() > 10) {
      throw new AwsException("TooManyEntriesInBatchRequest",
          "The batch request contains more entries than permissible.");
    }
    Set<String> ids = new HashSet<>();
    long totalBytes = 0;
    for (QueryRequest e : entries) {
      String id = e.get("Id");
      if (id == null || !BATCH_ID.matcher(id).matches()) {
        throw new AwsException("InvalidBatchEntryId",
            "The Id of a batch entry in a batch request doesn't abide by the specification.");
      }
      if (!ids.add(id)) {
        throw new AwsException("BatchEntryIdsNotDistinct",
            "Two or more batch entries in the request have the same Id.");
      }
      totalBytes += utf8Length(e.get("Message", ""));
    }
    if (totalBytes > MAX_MESSAGE_BYTES) {
      throw new AwsException("BatchRequestTooLong",
          "The length of all the messages put together is more than the limit.");
    }
    Topic topic;
    synchronized (lock) {
      topic = topic(arn);
    }
    out.start("Successful");
    List<String[]> failed = new ArrayList<>();
    for (QueryRequest e : entries) {
      try {
        Outgoing msg = outgoing(e);
        validate(msg, topic);
        PublishedMessage pm = accept(topic, msg);
        out.start("member").leaf("Id", e.get("Id")).leaf("MessageId", pm.id())
            .leaf("SequenceNumber", pm.sequenceNumber()).end();
      } catch (AwsException x) {
        failed.add(new String[] {e.get("Id"), x.code(), x.getMessage()});
      }
    }
    out.end();
    out.start("Failed");
    for (String[] f : failed) {
      out.start("member").leaf("Id", f[0]).leaf("Code", f[1]).leaf("Message", f[2])
          .leaf("SenderFault", true).end();
    }
    out.end();
  }

  private static Outgoing outgoing(QueryRequest req) {
    String message = req.get("Message");
    if (message == null) {
      throw SnsErrors.missing("Message");
    }
    return new Outgoing(message, req.get("Subject"), req.get("MessageStructure"),
        messageAttributes(req), req.get("MessageGroupId"), req.get("MessageDeduplicationId"));
  }

  private static Map<String, MessageAttribute> messageAttributes(QueryRequest req) {
    Map<String, MessageAttribute> out = new LinkedHashMap<>();
    for (QueryRequest e : req.structList("MessageAttributes.entry")) {
      String name = e.get("Name");
      if (name == null || name.isEmpty()) {
        throw SnsErrors.parameterValueInvalid("The message attribute name must not be empty.");
      }
      if (!ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")
          || name.contains("..") || name.toLowerCase().startsWith("aws.")
          || name.toLowerCase().startsWith("amazon.")) {
        throw SnsErrors.parameterValueInvalid(
            "Invalid attribute name: " + name + ". Attribute names may contain letters, digits,"
                + " '_', '-' and '.', must not start or end with '.', contain '..' or start"
                + " with 'AWS.' or 'Amazon.'");
      }
      String type = e.get("Value.DataType");
      if (type == null || type.isEmpty()) {
        throw SnsErrors.parameterValueInvalid("The message attribute '" + name
            + "' must contain non-empty message attribute type.");
      }
      String base = type.split("\\.", 2)[0];
      if (!Set.of("String", "Number", "Binary").contains(base)) {
        throw SnsErrors.parameterValueInvalid("The message attribute '" + name + "' has an"
            + " invalid message attribute type, the set of supported type prefixes is Binary,"
            + " Number, and String.");
      }
      String value = base.equals("Binary") ? e.get("Value.BinaryValue")
          : e.get("Value.StringValue");
      if (value == null || value.isEmpty()) {
        throw SnsErrors.parameterValueInvalid("The message attribute '" + name + "' must"
            + " contain non-empty message attribute value for message attribute type '" + base
            + "'.");
      }
      if (base.equals("Number") && !isNumber(value)) {
        throw SnsErrors.parameterValueInvalid(
            "Could not cast message attribute '" + name + "' value to number.");
      }
      if (type.equals("String.Array") && !isJsonArray(value)) {
        throw SnsErrors.parameterValueInvalid("The message attribute '" + name
            + "' with type 'String.Array' must be a JSON array of strings, numbers,"
            + " true, false or null.");
      }
      if (base.equals("Binary")) {
        try {
          Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException x) {
          throw SnsErrors.parameterValueInvalid("The message attribute '" + name
              + "' has a BinaryValue that is not base64.");
        }
      }
      out.put(name, new MessageAttribute(type, value));
    }
    if (out.size() > 10) {
      throw SnsErrors.parameterValueInvalid("Number of message attributes [" + out.size()
          + "] exceeds the allowed maximum [10].");
    }
    return out;
  }

  /** Validates a message for {@code topic} (null for a phone number), as Publish does. */
  private static void validate(Outgoing msg, Topic topic) {
    if (msg.message().isEmpty()) {
      throw SnsErrors.invalidParameter("Invalid parameter: Empty message");
    }
    long size = utf8Length(msg.message());
    for (Map.Entry<String, MessageAttribute> a : msg.attributes().entrySet()) {
      size += utf8Length(a.getKey()) + utf8Length(a.getValue().dataType())
          + utf8Length(a.getValue().value());
    }
    if (size > MAX_MESSAGE_BYTES) {
      throw SnsErrors.invalidParameter("Invalid parameter: Message too long");
    }
    String subject = msg.subject();
    if (subject != null && (subject.isEmpty() || subject.length() > 100
        || subject.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
        || !Character.isLetterOrDigit(subject.charAt(0))
        && !isPunctuation(subject.charAt(0)))) {
      throw SnsErrors.invalidParameter("Invalid parameter: Subject");
    }
    if (msg.structure() != null) {
      if (!msg.structure().equals("json")) {
        throw SnsErrors.invalidParameter("Invalid parameter: MessageStructure");
      }
      JsonNode parsed;
      try {
        parsed = Json.MAPPER.readTree(msg.message());
      } catch (IOException e) {
        parsed = null;
      }
      if (parsed == null || !parsed.isObject()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: Message Structure - JSON message body failed to parse");
      }
      if (!parsed.hasNonNull("default")) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: Message Structure - No default entry in JSON message body");
      }
      parsed.properties().forEach(e -> {
        if (!e.getValue().isTextual()) {
          throw SnsErrors.invalidParameter("Invalid parameter: Message Structure - the value"
              + " for " + e.getKey() + " must be a string");
        }
      });
    }
    if (topic == null) {
      return;
    }
    if (topic.fifo()) {
      if (msg.groupId() == null || msg.groupId().isEmpty()) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
      }
      if (msg.deduplicationId() == null && !topic.contentBasedDeduplication()) {
        throw SnsErrors.invalidParameter("Invalid parameter: The topic should either have"
            + " ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
      }
    } else if (msg.deduplicationId() != null) {
      throw SnsErrors.invalidParameter("Invalid parameter: MessageDeduplicationId Reason: The"
          + " request includes MessageDeduplicationId parameter that is not valid for this topic"
          + " type");
    }
  }

  private static boolean isPunctuation(char c) {
    return c > 0x20 && c < 0x7f && !Character.isLetterOrDigit(c);
  }

  /** Records the message and starts its deliveries; never waits for an endpoint. */
  private PublishedMessage accept(Topic topic, Outgoing msg) {
    Instant now = Instant.now();
    PublishedMessage pm;
    List<Runnable> sends = new ArrayList<>();
    synchronized (lock) {
      String sequence = null;
      String dedupId = null;
      if (topic.fifo()) {
        dedupId = msg.deduplicationId() != null ? msg.deduplicationId()
            : sha256Hex(msg.message());
        Map<String, PublishedMessage> seen =
            deduplication.computeIfAbsent(topic.arn(), k -> new HashMap<>());
        seen.values().removeIf(p -> p.timestamp().isBefore(now.minus(DEDUPLICATION_WINDOW)));
        PublishedMessage earlier = seen.get(dedupId);
        if (earlier != null) {
          // A duplicate within five minutes is accepted but not delivered again.
          return earlier;
        }
        sequence = String.format("%020d", ++topic.sequence);
      }
      List<Subscription> subs = subscriptions.values().stream()
          .filter(s -> s.topicArn().equals(topic.arn())).toList();
      String id = Ids.uuid();
      List<Delivery> deliveries = new ArrayList<>();
      for (Subscription s : subs) {
        Delivery d = plan(s, msg, id, topic, now, sends);
        if (d != null) {
          deliveries.add(d);
        }
      }
      pm = new PublishedMessage(id, topic.arn(), msg.subject(), msg.message(), msg.structure(),
          msg.attributes(), now, msg.groupId(), dedupId, sequence, deliveries);
      if (dedupId != null) {
        deduplication.get(topic.arn()).put(dedupId, pm);
      }
      store(pm);
    }
    sends.forEach(Runnable::run);
    return pm;
  }

  private Delivery plan(Subscription s, Outgoing msg, String id, Topic topic, Instant now,
      List<Runnable> sends) {
    if (!s.confirmed()) {
      return Delivery.recorded(s, "not delivered: the subscription is pending confirmation");
    }
    FilterPolicy filter = s.filter();
    if (filter != null && !filter.matches(msg.attributes(), msg.message())) {
      return Delivery.recorded(s, "not delivered: filtered out by the subscription's"
          + " filter policy");
    }
    if (!s.http()) {
      return Delivery.recorded(s, "recorded only: the simulator does not deliver to "
          + s.protocol() + " endpoints");
    }
    String text = forProtocol(msg, s.protocol());
    Delivery d = Delivery.pending(s);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-sns-message-type", "Notification");
    headers.put("x-amz-sns-message-id", id);
    headers.put("x-amz-sns-topic-arn", topic.arn());
    headers.put("x-amz-sns-subscription-arn", s.arn());
    headers.put("Content-Type", "text/plain; charset=UTF-8");
    headers.put("User-Agent", "Amazon Simple Notification Service Agent");
    boolean raw = s.rawDelivery();
    if (raw) {
      headers.put("x-amz-sns-rawdelivery", "true");
    }
    URI target = URI.create(s.endpoint());
    // Signing happens after the lock is released.
    sends.add(() -> http.post(target, headers, raw ? text
        : notification(id, topic, s, msg.subject(), text, msg.attributes(), now).toString(),
        d, null));
    return d;
  }

  /** With MessageStructure json, the protocol's own entry, else "default". */
  private static String forProtocol(Outgoing msg, String protocol) {
    if (!"json".equals(msg.structure())) {
      return msg.message();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(msg.message());
      JsonNode own = n.get(protocol);
      return own != null && own.isTextual() ? own.asText() : n.get("default").asText();
    } catch (IOException e) {
      throw new IllegalStateException("validated JSON no longer parses", e);
    }
  }

  private ObjectNode notification(String id, Topic topic, Subscription s, String subject,
      String message, Map<String, MessageAttribute> attributes, Instant now) {
    String timestamp = TIMESTAMP.format(now);
    String canonical = "Message\n" + message + "\nMessageId\n" + id + "\n"
        + (subject != null ? "Subject\n" + subject + "\n" : "") + "Timestamp\n" + timestamp
        + "\nTopicArn\n" + topic.arn() + "\nType\nNotification\n";
    ObjectNode n = Json.object().put("Type", "Notification").put("MessageId", id)
        .put("TopicArn", topic.arn());
    if (subject != null) {
      n.put("Subject", subject);
    }
    n.put("Message", message).put("Timestamp", timestamp)
        .put("SignatureVersion", topic.signatureVersion())
        .put("Signature", signer.sign(canonical, topic.signatureVersion()))
        .put("SigningCertURL", endpointUrl("/_sim/sns/signing-key"))
        .put("UnsubscribeURL", endpointUrl("/?Action=Unsubscribe&SubscriptionArn="
            + encode(s.arn())));
    if (!attributes.isEmpty()) {
      ObjectNode attrs = n.putObject("MessageAttributes");
      attributes.forEach((k, v) -> attrs.putObject(k).put("Type", v.dataType())
          .put("Value", v.value()));
    }
    return n;
  }

  private void sendConfirmation(Subscription s, URI target) {
    Topic topic;
    synchronized (lock) {
      topic = topics.get(s.topicArn());
    }
    if (topic == null) {
      return;
    }
    String id = Ids.uuid();
    String timestamp = TIMESTAMP.format(Instant.now());
    String message = "You have chosen to subscribe to the topic " + topic.arn()
        + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
    String subscribeUrl = endpointUrl("/?Action=ConfirmSubscription&TopicArn="
        + encode(topic.arn()) + "&Token=" + s.token());
    String canonical = "Message\n" + message + "\nMessageId\n" + id + "\nSubscribeURL\n"
        + subscribeUrl + "\nTimestamp\n" + timestamp + "\nToken\n" + s.token() + "\nTopicArn\n"
        + topic.arn() + "\nType\nSubscriptionConfirmation\n";
    ObjectNode body = Json.object().put("Type", "SubscriptionConfirmation").put("MessageId", id)
        .put("Token", s.token()).put("TopicArn", topic.arn()).put("Message", message)
        .put("SubscribeURL", subscribeUrl).put("Timestamp", timestamp)
        .put("SignatureVersion", topic.signatureVersion())
        .put("Signature", signer.sign(canonical, topic.signatureVersion()))
        .put("SigningCertURL", endpointUrl("/_sim/sns/signing-key"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-sns-message-type", "SubscriptionConfirmation");
    headers.put("x-amz-sns-message-id", id);
    headers.put("x-amz-sns-topic-arn", topic.arn());
    headers.put("Content-Type", "text/plain; charset=UTF-8");
    headers.put("User-Agent", "Amazon Simple Notification Service Agent");
    Delivery d = Delivery.pending(s);
    s.confirmation(d);
    // Simulator convenience: an endpoint that answers the confirmation with 2xx is confirmed,
    // without having to visit the SubscribeURL.
    http.post(target, headers, body.toString(), d,
        () -> s.confirm("endpoint answered the SubscriptionConfirmation with 2xx"));
  }

  private String endpointUrl(String pathAndQuery) {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery;
  }

  private void store(PublishedMessage pm) {
    Deque<PublishedMessage> q = messages.computeIfAbsent(pm.topicArn(), k -> new ArrayDeque<>());
    q.addLast(pm);
    while (q.size() > MAX_MESSAGES_PER_TOPIC) {
      q.removeFirst();
    }
  }

  // ---- tags --------------------------------------------------------------------------------

  private Topic taggable(QueryRequest req) {
    String arn = req.get("ResourceArn");
    if (arn == null) {
      throw SnsErrors.missing("ResourceArn");
    }
    Topic t = topics.get(arn);
    if (t == null) {
      throw SnsErrors.resourceNotFound();
    }
    return t;
  }

  private void tagResource(QueryRequest req, XmlWriter out, RequestContext ctx) {
    Map<String, String> tags = tags(req, "Tags.member");
    synchronized (lock) {
      Topic t = taggable(req);
      Map<String, String> merged = new LinkedHashMap<>(t.tags);
      merged.putAll(tags);
      validateTags(merged, 0);
      t.tags.putAll(tags);
    }
  }

  private void untagResource(QueryRequest req, XmlWriter out, RequestContext ctx) {
    List<String> keys = req.list("TagKeys.member");
    synchronized (lock) {
      Topic t = taggable(req);
      keys.forEach(t.tags::remove);
    }
  }

  private void listTagsForResource(QueryRequest req, XmlWriter out, RequestContext ctx) {
    Map<String, String> tags;
    synchronized (lock) {
      tags = new LinkedHashMap<>(taggable(req).tags);
    }
    out.start("Tags");
    tags.forEach((k, v) -> out.start("member").leaf("Key", k).leaf("Value", v).end());
    out.end();
  }

  private static void validateTags(Map<String, String> tags, int existing) {
    if (tags.size() + existing > MAX_TAGS) {
      throw new AwsException("TagLimitExceeded",
          "Could not complete request: tag quota of per resource exceeded");
    }
    tags.forEach((k, v) -> {
      if (k.isEmpty() || k.length() > 128 || v.length() > 256) {
        throw SnsErrors.invalidParameter("Invalid parameter: Tags Reason: tag keys must be 1-128"
            + " and values 0-256 characters long");
      }
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The topic for an ARN; the caller holds the lock. */
  private Topic topic(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      throw SnsErrors.invalidParameter("Invalid parameter: TopicArn");
    }
    Topic t = topics.get(arn);
    if (t == null) {
      throw SnsErrors.topicNotFound();
    }
    return t;
  }

  private static String requiredTopicArn(QueryRequest req, String member) {
    String arn = req.get(member);
    if (arn == null) {
      throw SnsErrors.missing(member);
    }
    if (!TOPIC_ARN.matcher(arn).matches()) {
      throw SnsErrors.invalidParameter("Invalid parameter: " + member);
    }
    return arn;
  }

  /** An AWS Query map: {@code prefix.N.key} / {@code prefix.N.value}. */
  private static Map<String, String> entries(QueryRequest req, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (QueryRequest e : req.structList(prefix)) {
      String key = e.get("key");
      if (key == null) {
        throw SnsErrors.invalidParameter("Invalid parameter: " + prefix.split("\\.")[0]
            + " Reason: an entry has no key");
      }
      out.put(key, e.get("value", ""));
    }
    return out;
  }

  private static Map<String, String> tags(QueryRequest req, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (QueryRequest e : req.structList(prefix)) {
      String key = e.get("Key");
      if (key == null) {
        throw SnsErrors.invalidParameter("Invalid parameter: Tags Reason: a tag has no Key");
      }
      out.put(key, e.get("Value", ""));
    }
    return out;
  }

  private static void writeAttributes(XmlWriter out, Map<String, String> attrs) {
    out.start("Attributes");
    attrs.forEach((k, v) -> out.start("entry").leaf("key", k).leaf("value", v).end());
    out.end();
  }

  private record Page<T>(List<T> items, String nextToken) {}

  /** A page of {@code all} (in order of {@code key}) after the token's key. */
  private static <T> Page<T> page(List<T> all, String token,
      java.util.function.Function<T, String> key) {
    List<T> sorted = new ArrayList<>(all);
    sorted.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
    Predicate<T> after = t -> true;
    if (token != null && !token.isEmpty()) {
      String last;
      try {
        last = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw SnsErrors.invalidParameter("Invalid parameter: NextToken");
      }
      if (!last.startsWith("sim:")) {
        throw SnsErrors.invalidParameter("Invalid parameter: NextToken");
      }
      String from = last.substring(4);
      after = t -> key.apply(t).compareTo(from) > 0;
    }
    List<T> rest = sorted.stream().filter(after).toList();
    List<T> items = rest.subList(0, Math.min(PAGE_SIZE, rest.size()));
    String next = rest.size() > PAGE_SIZE ? Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("sim:" + key.apply(items.get(items.size() - 1))).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page<>(items, next);
  }

  private String token() {
    byte[] b = new byte[64];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static boolean isJsonObject(String s) {
    try {
      JsonNode n = Json.MAPPER.readTree(s);
      return n != null && n.isObject();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isJsonArray(String s) {
    try {
      JsonNode n = Json.MAPPER.readTree(s);
      return n != null && n.isArray();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isNumber(String s) {
    try {
      double d = Double.parseDouble(s.trim());
      return !Double.isNaN(d) && !Double.isInfinite(d);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long utf8Length(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- admin -------------------------------------------------------------------------------

  private JsonNode adminMessages(AdminRequest r) {
    String topic = r.query("topic", null);
    List<PublishedMessage> found = new ArrayList<>();
    synchronized (lock) {
      for (Map.Entry<String, Deque<PublishedMessage>> e : messages.entrySet()) {
        String arn = e.getKey();
        if (topic == null || arn.equals(topic)
            || arn.substring(arn.lastIndexOf(':') + 1).equals(topic)) {
          found.addAll(e.getValue());
        }
      }
    }
    found.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
    ObjectNode out = Json.object().put("count", found.size());
    ArrayNode list = out.putArray("messages");
    found.forEach(m -> list.add(m.toJson()));
    return out;
  }

  private JsonNode adminTopics() {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("topics");
    synchronized (lock) {
      for (Topic t : topics.values()) {
        ObjectNode n = list.addObject().put("arn", t.arn()).put("name", t.name())
            .put("fifo", t.fifo()).put("created", t.created().toString())
            .put("messages", messages.getOrDefault(t.arn(), new ArrayDeque<>()).size());
        ArrayNode subs = n.putArray("subscriptions");
        for (Subscription s : subscriptions.values()) {
          if (!s.topicArn().equals(t.arn())) {
            continue;
          }
          ObjectNode sn = subs.addObject().put("arn", s.arn()).put("protocol", s.protocol())
              .put("endpoint", s.endpoint()).put("confirmed", s.confirmed());
          if (s.confirmedBy() != null) {
            sn.put("confirmedBy", s.confirmedBy());
          }
          if (s.confirmation() != null) {
            sn.set("confirmationDelivery", s.confirmation().toJson());
          }
        }
      }
    }
    return out;
  }

  private int clearMessages() {
    synchronized (lock) {
      int n = messages.values().stream().mapToInt(Deque::size).sum();
      messages.clear();
      return n;
    }
  }

  private void clear() {
    synchronized (lock) {
      topics.clear();
      subscriptions.clear();
      messages.clear();
      deduplication.clear();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
