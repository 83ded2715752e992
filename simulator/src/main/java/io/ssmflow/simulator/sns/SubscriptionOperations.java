package io.ssmflow.simulator.sns;

import static io.ssmflow.simulator.sns.SnsInput.entries;
import static io.ssmflow.simulator.sns.SnsInput.isJsonObject;
import static io.ssmflow.simulator.sns.SnsInput.requiredTopicArn;
import static io.ssmflow.simulator.sns.SnsPaging.page;
import static io.ssmflow.simulator.sns.SnsPaging.seqKey;

import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions(ByTopic) and
 * Get/SetSubscriptionAttributes. A new HTTP/HTTPS subscription is sent a SubscriptionConfirmation.
 */
final class SubscriptionOperations {
  private static final Pattern SQS_ARN =
      Pattern.compile("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$");
  private static final Pattern LAMBDA_ARN =
      Pattern.compile(
          "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$");
  private static final Pattern FIREHOSE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\\d{12}:deliverystream/.+$");
  private static final Set<String> PROTOCOLS =
      Set.of(
          "http",
          "https",
          "email",
          "email-json",
          "sqs",
          "lambda",
          "sms",
          "firehose",
          "application");
  private static final Set<String> SUBSCRIPTION_ATTRIBUTES =
      Set.of(
          "DeliveryPolicy",
          "FilterPolicy",
          "FilterPolicyScope",
          "RawMessageDelivery",
          "RedrivePolicy",
          "SubscriptionRoleArn",
          "ReplayPolicy");

  private final SnsState state;
  private final Notifications notifications;

  SubscriptionOperations(SnsState state, Notifications notifications) {
    this.state = state;
    this.notifications = notifications;
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("Subscribe", this::subscribe);
    ops.put("ConfirmSubscription", this::confirmSubscription);
    ops.put("Unsubscribe", this::unsubscribe);
    ops.put("ListSubscriptions", this::listSubscriptions);
    ops.put("ListSubscriptionsByTopic", this::listSubscriptionsByTopic);
    ops.put("GetSubscriptionAttributes", this::getSubscriptionAttributes);
    ops.put("SetSubscriptionAttributes", this::setSubscriptionAttributes);
  }

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
    synchronized (state.lock) {
      Topic topic = state.topic(topicArn);
      if (topic.fifo() && !protocol.equals("sqs") && !protocol.equals("firehose")) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: Endpoint Reason: FIFO topics only"
                + " deliver to SQS queues and Firehose streams, not to protocol "
                + protocol);
      }
      sub =
          state.subscriptions.values().stream()
              .filter(
                  s ->
                      s.topicArn().equals(topicArn)
                          && s.protocol().equals(protocol)
                          && s.endpoint().equals(endpoint))
              .findFirst()
              .orElse(null);
      if (sub != null) {
        for (Map.Entry<String, String> e : attrs.entrySet()) {
          if (!e.getValue().equals(sub.attributes.get(e.getKey()))) {
            throw SnsErrors.invalidParameter(
                "Invalid parameter: Attributes Reason: Subscription"
                    + " already exists with different attributes");
          }
        }
      } else {
        boolean confirmedAtOnce = !httpOrEmail(protocol);
        sub =
            new Subscription(
                topicArn + ":" + Ids.uuid(),
                topicArn,
                protocol,
                endpoint,
                ctx.accountId(),
                state.token(),
                ++state.subscriptionSeq,
                confirmedAtOnce);
        sub.attributes.putAll(attrs);
        sub.filter(filter);
        state.subscriptions.put(sub.arn(), sub);
        created = true;
      }
    }
    if (created && httpEndpoint != null) {
      notifications.sendConfirmation(sub, httpEndpoint);
    }
    out.leaf("SubscriptionArn", sub.confirmed() || returnArn ? sub.arn() : "pending confirmation");
  }

  private static boolean httpOrEmail(String protocol) {
    return protocol.equals("http")
        || protocol.equals("https")
        || protocol.equals("email")
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
        if (at <= 0
            || at == endpoint.length() - 1
            || endpoint.chars().anyMatch(Character::isWhitespace)) {
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
        if (!SnsInput.E164.matcher(endpoint.replaceAll("[ ().-]", "")).matches()) {
          throw SnsErrors.invalidParameter("Invalid SMS endpoint: " + endpoint);
        }
      }
      default ->
          throw SnsErrors.invalidParameter(
              "Invalid parameter: Endpoint Reason: the"
                  + " simulator has no platform applications, so it cannot subscribe "
                  + endpoint);
    }
    return null;
  }

  private static FilterPolicy validateSubscriptionAttributes(
      Map<String, String> attrs, String protocol) {
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      validateSubscriptionAttribute(e.getKey(), e.getValue(), protocol);
    }
    String policy = attrs.get("FilterPolicy");
    return policy == null || policy.isEmpty()
        ? null
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
        if (value.equalsIgnoreCase("true")
            && Set.of("email", "email-json", "sms", "lambda").contains(protocol)) {
          throw SnsErrors.invalidParameter(
              "Invalid parameter: Delivery protocol ["
                  + protocol
                  + "] does not support raw message delivery attribute");
        }
      }
      case "FilterPolicyScope" -> {
        if (!value.equals("MessageAttributes") && !value.equals("MessageBody")) {
          throw SnsErrors.invalidParameter(
              "Invalid parameter: FilterPolicyScope: Invalid filter"
                  + " policy scope ["
                  + value
                  + "]");
        }
      }
      case "DeliveryPolicy", "RedrivePolicy", "ReplayPolicy" -> {
        if (!value.isEmpty() && !isJsonObject(value)) {
          throw SnsErrors.invalidParameter("Invalid parameter: " + name + ": failed to parse JSON");
        }
      }
      default -> {}
    }
  }

  private void confirmSubscription(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String topicArn = requiredTopicArn(req, "TopicArn");
    String token = req.get("Token");
    if (token == null) {
      throw SnsErrors.missing("Token");
    }
    Subscription sub;
    synchronized (state.lock) {
      state.topic(topicArn);
      sub =
          state.subscriptions.values().stream()
              .filter(s -> s.topicArn().equals(topicArn) && s.token().equals(token))
              .findFirst()
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
    if (cut < 0 || !SnsInput.TOPIC_ARN.matcher(arn.substring(0, cut)).matches()) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: SubscriptionArn Reason: An ARN must" + " have at least 7 elements");
    }
    synchronized (state.lock) {
      // Unsubscribing twice is not an error.
      Subscription s = state.subscriptions.remove(arn);
      if (s != null && state.topics.containsKey(s.topicArn())) {
        state.topics.get(s.topicArn()).subscriptionsDeleted++;
      }
    }
  }

  private void listSubscriptions(QueryRequest req, XmlWriter out, RequestContext ctx) {
    List<Subscription> all;
    synchronized (state.lock) {
      all =
          state.subscriptions.values().stream()
              .filter(
                  s ->
                      state.topics.containsKey(s.topicArn())
                          && state.topics.get(s.topicArn()).region().equals(ctx.region()))
              .toList();
    }
    SnsViews.writeSubscriptions(out, page(all, req.get("NextToken"), s -> seqKey(s.seq())));
  }

  private void listSubscriptionsByTopic(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String arn = requiredTopicArn(req, "TopicArn");
    List<Subscription> all;
    synchronized (state.lock) {
      state.topic(arn);
      all = state.subscriptions.values().stream().filter(s -> s.topicArn().equals(arn)).toList();
    }
    SnsViews.writeSubscriptions(out, page(all, req.get("NextToken"), s -> seqKey(s.seq())));
  }

  private void getSubscriptionAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    Map<String, String> attrs = new LinkedHashMap<>();
    synchronized (state.lock) {
      Subscription s = state.subscription(req.get("SubscriptionArn"));
      attrs.put("Owner", s.owner());
      attrs.put("RawMessageDelivery", Boolean.toString(s.rawDelivery()));
      attrs.put("TopicArn", s.topicArn());
      attrs.put("Endpoint", s.endpoint());
      attrs.put("Protocol", s.protocol());
      attrs.put("PendingConfirmation", Boolean.toString(!s.confirmed()));
      attrs.put("ConfirmationWasAuthenticated", Boolean.toString(s.confirmed()));
      attrs.put("SubscriptionArn", s.arn());
      if (s.http()) {
        attrs.put("EffectiveDeliveryPolicy", SnsViews.EFFECTIVE_DELIVERY_POLICY);
      }
      s.attributes.forEach(attrs::putIfAbsent);
    }
    SnsViews.writeAttributes(out, attrs);
  }

  private void setSubscriptionAttributes(QueryRequest req, XmlWriter out, RequestContext ctx) {
    String name = req.get("AttributeName");
    if (name == null) {
      throw SnsErrors.missing("AttributeName");
    }
    String value = req.get("AttributeValue", "");
    synchronized (state.lock) {
      Subscription s = state.subscription(req.get("SubscriptionArn"));
      validateSubscriptionAttribute(name, value, s.protocol());
      Map<String, String> next = new LinkedHashMap<>(s.attributes);
      next.put(name, value);
      String policy = next.get("FilterPolicy");
      s.filter(
          policy == null || policy.isEmpty()
              ? null
              : FilterPolicy.parse(policy, next.get("FilterPolicyScope")));
      s.attributes.put(name, value);
    }
  }
}
