package io.ssmflow.activities.command.push;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Completion push of one worker process (docs/design.md, "Completion push"): its {@link
 * CompletionReceiver}, its subscription to the topic SSM publishes invocation ends to, and the
 * {@link CompletionFeed} its waits read. The feed goes live once SNS confirmed the subscription;
 * {@link #close} unsubscribes. {@link #OFF} when push is not configured.
 */
public final class CompletionPush implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CompletionPush.class);

  /** How long {@link #start} waits for the subscription to be confirmed before going on polling. */
  public static final Duration CONFIRM_WAIT = Duration.ofSeconds(10);

  /** Push not configured: a feed that is never live, nothing to close. */
  public static final CompletionPush OFF =
      new CompletionPush(PushSettings.OFF, CompletionFeed.DISABLED, null, null, null);

  private final PushSettings settings;
  private final CompletionFeed feed;
  private final CompletionReceiver receiver;
  private final SnsClient sns;
  private final URI url;
  private final CountDownLatch confirmed = new CountDownLatch(1);
  private volatile String subscriptionArn;

  private CompletionPush(
      PushSettings settings,
      CompletionFeed feed,
      CompletionReceiver receiver,
      SnsClient sns,
      URI url) {
    this.settings = settings;
    this.feed = feed;
    this.receiver = receiver;
    this.sns = sns;
    this.url = url;
  }

  /**
   * Listens, subscribes the endpoint to the topic and waits up to {@link #CONFIRM_WAIT} for SNS to
   * confirm it (waits poll until it is). Throws IllegalArgumentException when the address cannot be
   * bound or SNS refuses the subscription.
   *
   * @param snsEndpointOverride the SNS endpoint override (the simulator), whose signing key is
   *     trusted; null against real AWS
   */
  public static CompletionPush start(
      PushSettings settings, SnsClient sns, URI snsEndpointOverride) {
    requireNonNull(settings, "settings is null");
    if (!settings.enabled()) {
      return OFF;
    }
    requireNonNull(sns, "sns is null");
    CompletionFeed feed = new CompletionFeed();
    CompletionPush[] self = new CompletionPush[1];
    CompletionReceiver receiver;
    try {
      receiver =
          CompletionReceiver.start(
              settings.listen(),
              settings.topicArn(),
              new SnsSignatures(snsEndpointOverride),
              feed,
              token -> self[0].confirm(token));
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException(
          "cannot listen for SSM's pushed completions on "
              + settings.listen()
              + " ("
              + PushSettings.LISTEN_ENV
              + "): "
              + e.getMessage());
    }
    InetSocketAddress bound = receiver.address();
    URI url =
        settings.url() != null
            ? settings.url()
            : URI.create(
                "http://" + hostLiteral(bound) + ":" + bound.getPort() + PushSettings.PATH);
    CompletionPush push = new CompletionPush(settings, feed, receiver, sns, url);
    self[0] = push;
    try {
      push.subscriptionArn =
          sns.subscribe(
                  b ->
                      b.topicArn(settings.topicArn())
                          .protocol(url.getScheme().toLowerCase(java.util.Locale.ROOT))
                          .endpoint(url.toString())
                          .returnSubscriptionArn(true))
              .subscriptionArn();
    } catch (SdkException e) {
      receiver.close();
      throw new IllegalArgumentException(
          "cannot subscribe " + url + " to " + settings.topicArn() + ": " + e.getMessage());
    }
    try {
      if (!push.confirmed.await(CONFIRM_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "SNS has not confirmed {} on {} within {}; commands are polled until it does",
            url,
            settings.topicArn(),
            CONFIRM_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return push;
  }

  private void confirm(String token) {
    try {
      sns.confirmSubscription(
          b -> b.topicArn(settings.topicArn()).token(token).authenticateOnUnsubscribe("true"));
      feed.live(System.currentTimeMillis());
      confirmed.countDown();
      log.info("SSM pushes invocation ends to {} through {}", url, settings.topicArn());
    } catch (SdkException e) {
      log.warn("could not confirm the completion subscription: {}", e.getMessage());
    }
  }

  private static String hostLiteral(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  public CompletionFeed feed() {
    return feed;
  }

  public PushSettings settings() {
    return settings;
  }

  /** The URL SNS delivers to (null when off). */
  public URI url() {
    return url;
  }

  /** Whether SNS confirmed the subscription. */
  public boolean live() {
    return feed.isLive();
  }

  @Override
  public void close() {
    if (receiver == null) {
      return;
    }
    feed.down();
    String arn = subscriptionArn;
    if (arn != null && arn.startsWith("arn:")) {
      try {
        sns.unsubscribe(b -> b.subscriptionArn(arn));
      } catch (SdkException e) {
        log.warn("could not remove the completion subscription {}: {}", arn, e.getMessage());
      }
    }
    receiver.close();
  }
}
