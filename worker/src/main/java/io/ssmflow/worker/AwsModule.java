package io.ssmflow.worker;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.command.push.CompletionPush;
import io.ssmflow.activities.command.push.PushSettings;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Binds the four AWS clients, built once per process by {@link AwsClients} (timeouts, adaptive
 * retry) and shared by every activity, and the process's {@link CompletionPush}.
 */
public final class AwsModule extends AbstractModule {
  private final AwsSettings settings;
  private final PushSettings push;

  public AwsModule(AwsSettings settings) {
    this(settings, PushSettings.OFF);
  }

  public AwsModule(AwsSettings settings, PushSettings push) {
    this.settings = requireNonNull(settings, "settings is null");
    this.push = requireNonNull(push, "push is null");
  }

  @Override
  protected void configure() {
    bind(AwsSettings.class).toInstance(settings);
    bind(PushSettings.class).toInstance(push);
  }

  /** Completion push: listening and subscribed once built, when configured (else off). */
  @Provides
  @Singleton
  CompletionPush completionPush(PushSettings push, AwsSettings settings, SnsClient sns) {
    return CompletionPush.start(
        push, sns, settings.endpointFor(AwsSettings.Service.SNS).orElse(null));
  }

  @Provides
  @Singleton
  AwsClients clients(AwsSettings settings) {
    return AwsClients.create(settings);
  }

  @Provides
  @Singleton
  SsmClient ssm(AwsClients clients) {
    return clients.ssm();
  }

  @Provides
  @Singleton
  Ec2Client ec2(AwsClients clients) {
    return clients.ec2();
  }

  @Provides
  @Singleton
  SnsClient sns(AwsClients clients) {
    return clients.sns();
  }

  @Provides
  @Singleton
  CloudWatchClient cloudWatch(AwsClients clients) {
    return clients.cloudWatch();
  }
}
