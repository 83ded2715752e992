package io.ssmflow.workflows.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentStep;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** Config push: only changes written, saga compensation on failure and cancel, restart child. */
class ConfigDeploymentWorkflowTest {
  static final String ID = "params-push-shop-prod-test";
  static final ConfigEntry HOST =
      new ConfigEntry("/shop/prod/db/host", "db2", ParameterKind.STRING);
  static final ConfigEntry PASSWORD =
      new ConfigEntry("/shop/prod/db/password", "hunter2", ParameterKind.SECURE_STRING);
  static final ConfigEntry PORT =
      new ConfigEntry("/shop/prod/db/port", "5432", ParameterKind.STRING);
  static final ConfigEntry URL =
      new ConfigEntry("/shop/prod/api/url", "https://api", ParameterKind.STRING);
  static final Map<String, String> TAGS =
      Map.of("Application", "shop", "Environment", "prod", "ManagedBy", "ssmflow");

  final ParamsFixture f = new ParamsFixture();

  @AfterEach
  void close() {
    f.close();
  }

  static ConfigPushRequest request(boolean restart, ConfigEntry... entries) {
    return new ConfigPushRequest("shop", "prod", List.of(entries), restart, "50%");
  }

  /** HOST changes (stored version 3), PASSWORD is new, PORT unchanged, URL is new. */
  private void planFourEntries() {
    when(f.config.plan(any()))
        .thenReturn(
            List.of(
                new ParameterChange(
                    HOST.name(), ChangeKind.CHANGE, ParameterKind.STRING, 3L, ParameterKind.STRING),
                new ParameterChange(
                    PASSWORD.name(), ChangeKind.ADD, ParameterKind.SECURE_STRING, null, null),
                new ParameterChange(
                    PORT.name(),
                    ChangeKind.UNCHANGED,
                    ParameterKind.STRING,
                    1L,
                    ParameterKind.STRING),
                new ParameterChange(URL.name(), ChangeKind.ADD, ParameterKind.STRING, null, null)));
  }

  @Test
  void writesOnlyTheChangesAndRecordsWhatTheyReplaced() {
    planFourEntries();
    when(f.config.write(any(), anyMap())).thenReturn(4L, 1L, 1L);

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID).push(request(false, HOST, PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.SUCCEEDED);
    assertThat(r.message()).isEqualTo("3 written (2 added, 1 changed), 1 unchanged");
    assertThat(r.replaced())
        .containsExactly(
            Map.entry(HOST.name(), "3"),
            Map.entry(PASSWORD.name(), "new"),
            Map.entry(URL.name(), "new"));
    assertThat(r.written())
        .containsExactly(
            Map.entry(HOST.name(), 4L), Map.entry(PASSWORD.name(), 1L), Map.entry(URL.name(), 1L));
    verify(f.config).write(HOST, TAGS);
    verify(f.config).write(PASSWORD, TAGS);
    verify(f.config).write(URL, TAGS);
    verify(f.config, never()).write(eq(PORT), anyMap());
    verify(f.config, never()).restore(anyString(), org.mockito.ArgumentMatchers.anyLong());
    verify(f.config, never()).delete(anyString());
    assertThat(r.toString()).doesNotContain("hunter2");
  }

  @Test
  void nothingChangedWritesNothingAndDoesNotRestart() {
    when(f.config.plan(any()))
        .thenReturn(
            List.of(
                new ParameterChange(
                    PORT.name(),
                    ChangeKind.UNCHANGED,
                    ParameterKind.STRING,
                    1L,
                    ParameterKind.STRING)));

    ConfigPushResult r = f.stub(ConfigDeploymentWorkflow.class, ID).push(request(true, PORT));

    assertThat(r.outcome()).isEqualTo(PushOutcome.NO_CHANGES);
    verify(f.config, never()).write(any(), anyMap());
    assertThat(ParamsFixture.RESTARTS).isEmpty();
  }

  @Test
  void aFailedWriteRestoresEverythingWrittenBeforeInReverseOrder() {
    planFourEntries();
    when(f.config.write(eq(HOST), anyMap())).thenReturn(4L);
    when(f.config.write(eq(PASSWORD), anyMap())).thenReturn(1L);
    when(f.config.write(eq(URL), anyMap()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "PutParameter /shop/prod/api/url failed with AccessDeniedException",
                "AccessDenied"));
    when(f.config.restore(HOST.name(), 3L)).thenReturn(5L);

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID).push(request(true, HOST, PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.FAILED_ROLLED_BACK);
    assertThat(r.message())
        .isEqualTo(
            "write failed (PutParameter /shop/prod/api/url failed with"
                + " AccessDeniedException); the 2 parameters written before were restored");
    assertThat(r.replaced()).isEmpty();
    assertThat(r.written()).isEmpty();
    InOrder order = inOrder(f.config);
    order.verify(f.config).write(eq(URL), anyMap());
    order.verify(f.config).delete(URL.name());
    order.verify(f.config).delete(PASSWORD.name());
    order.verify(f.config).restore(HOST.name(), 3L);
    assertThat(ParamsFixture.RESTARTS).as("no restart after a failed push").isEmpty();
  }

  @Test
  void cancelDuringAWriteRestoresInADetachedScope() throws Exception {
    planFourEntries();
    CountDownLatch secondWrite = new CountDownLatch(1);
    when(f.config.write(eq(HOST), anyMap())).thenReturn(4L);
    doAnswer(
            inv -> {
              secondWrite.countDown();
              Thread.sleep(3_000);
              return 1L;
            })
        .when(f.config)
        .write(eq(PASSWORD), anyMap());

    ConfigDeploymentWorkflow wf = f.stub(ConfigDeploymentWorkflow.class, ID);
    WorkflowClient.start(wf::push, request(false, HOST, PASSWORD, PORT, URL));
    assertThat(secondWrite.await(20, TimeUnit.SECONDS)).isTrue();
    WorkflowStub untyped = WorkflowStub.fromTyped(wf);
    untyped.cancel();

    assertThatThrownBy(() -> untyped.getResult(ConfigPushResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    verify(f.config).delete(PASSWORD.name());
    verify(f.config).restore(HOST.name(), 3L);
    verify(f.config, never()).write(eq(URL), anyMap());
    assertThat(wf.progress())
        .isEqualTo(new ConfigPushProgress("done", 3, 1, "cancelled and rolled back"));
  }

  @Test
  void restartDeploysTheCurrentVersionWithStopAndStartOnTheTaggedInstances() {
    planFourEntries();
    when(f.config.write(any(), anyMap())).thenReturn(4L, 1L, 1L);
    when(f.params.getString("/shop/prod/current-version")).thenReturn("2.1.0");

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID).push(request(true, HOST, PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.SUCCEEDED);
    assertThat(r.restartWorkflowId()).isEqualTo(ID + "/restart");
    assertThat(r.restart()).isEqualTo("restart SUCCEEDED: 3 of 3 instances on 2.1.0");
    assertThat(ParamsFixture.RESTARTS)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.app()).isEqualTo("shop");
              assertThat(d.environment()).isEqualTo("prod");
              assertThat(d.version()).isEqualTo("2.1.0");
              assertThat(d.maxConcurrency().text()).isEqualTo("50%");
              assertThat(d.targets().tags())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of("Application", "shop", "Environment", "prod"));
              assertThat(d.spec().steps())
                  .extracting(DeploymentStep::name)
                  .containsExactly("stop", "start");
              assertThat(d.spec().healthCheck().name()).isEqualTo("health");
            });
  }

  @Test
  void aFailedRestartKeepsTheConfigAndSaysSo() {
    planFourEntries();
    when(f.config.write(any(), anyMap())).thenReturn(4L, 1L, 1L);
    when(f.params.getString("/shop/prod/current-version")).thenReturn("2.1.0");
    ParamsFixture.restartOutcome = DeploymentOutcome.FAILED;

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID).push(request(true, HOST, PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.RESTART_FAILED);
    assertThat(r.replaced()).hasSize(3);
    verify(f.config, never()).delete(anyString());
  }

  @Test
  void restartWithoutADeployedVersionIsReportedNotGuessed() {
    planFourEntries();
    when(f.config.write(any(), anyMap())).thenReturn(4L, 1L, 1L);

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID).push(request(true, HOST, PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.RESTART_FAILED);
    assertThat(r.restart())
        .contains("no deployed version recorded at" + " /shop/prod/current-version");
    assertThat(ParamsFixture.RESTARTS).isEmpty();
  }

  @Test
  void anInvalidRequestFailsAtOnceWithoutTouchingParameterStore() {
    ConfigEntry deep =
        new ConfigEntry("/shop/prod/a/b/c/d/e/f/g/h/i/j/k/l/m/n", "x", ParameterKind.STRING);
    assertThatThrownBy(() -> f.stub(ConfigDeploymentWorkflow.class, ID).push(request(false, deep)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            c ->
                assertThat(((ApplicationFailure) c).getOriginalMessage())
                    .isEqualTo(
                        "parameter name '/shop/prod/a/b/c/d/e/f/g/h/i/j/k/l/m/n' is 16 levels deep;"
                            + " Parameter Store allows at most 15"));
    verify(f.config, never()).plan(any());
  }

  @Test
  void requestsAndEntriesNeverPrintSecureValues() {
    assertThat(PASSWORD.toString()).doesNotContain("hunter2").contains("value masked");
    assertThat(request(false, PASSWORD).toString()).doesNotContain("hunter2");
    assertThat(PASSWORD.shownValue()).isEqualTo("****");
  }

  static final ConfigEntry STAGED_PASSWORD =
      new ConfigEntry(
          PASSWORD.name(),
          null,
          ParameterKind.SECURE_STRING,
          new StagedValue(ConfigRules.stagingName(ID, 1), 1));

  @Test
  void stagedValuesAreDeletedOnceTheWritesAreDoneAndBeforeTheRestart() {
    planFourEntries();
    when(f.config.write(any(), anyMap())).thenReturn(4L, 1L, 1L);
    when(f.params.getString("/shop/prod/current-version")).thenReturn("2.1.0");

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID)
            .push(request(true, HOST, STAGED_PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.SUCCEEDED);
    InOrder order = inOrder(f.config);
    order.verify(f.config).write(STAGED_PASSWORD, TAGS);
    order.verify(f.config).write(URL, TAGS);
    order.verify(f.config).discardStaged(List.of(STAGED_PASSWORD.staged().name()));
    assertThat(ParamsFixture.RESTARTS).hasSize(1);
    String historyBytes =
        new String(
            f.client.fetchHistory(ID).getHistory().toByteArray(),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(historyBytes).doesNotContain("hunter2").contains(STAGED_PASSWORD.staged().name());
  }

  @Test
  void stagedValuesAreDeletedAfterAFailedPushIsRestoredAndWhenNothingChanged() {
    planFourEntries();
    when(f.config.write(eq(HOST), anyMap())).thenReturn(4L);
    when(f.config.write(eq(STAGED_PASSWORD), anyMap()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("denied", "AccessDenied"));

    ConfigPushResult r =
        f.stub(ConfigDeploymentWorkflow.class, ID)
            .push(request(false, HOST, STAGED_PASSWORD, PORT, URL));

    assertThat(r.outcome()).isEqualTo(PushOutcome.FAILED_ROLLED_BACK);
    InOrder order = inOrder(f.config);
    order.verify(f.config).restore(HOST.name(), 3L);
    order.verify(f.config).discardStaged(List.of(STAGED_PASSWORD.staged().name()));

    when(f.config.plan(any()))
        .thenReturn(
            List.of(
                new ParameterChange(
                    PASSWORD.name(),
                    ChangeKind.UNCHANGED,
                    ParameterKind.SECURE_STRING,
                    1L,
                    ParameterKind.SECURE_STRING)));
    ConfigPushResult same =
        f.stub(ConfigDeploymentWorkflow.class, ID + "-2").push(request(false, STAGED_PASSWORD));
    assertThat(same.outcome()).isEqualTo(PushOutcome.NO_CHANGES);
    verify(f.config, org.mockito.Mockito.times(2))
        .discardStaged(List.of(STAGED_PASSWORD.staged().name()));
  }

  @Test
  void stagedValuesAreDeletedAfterACancelToo() throws Exception {
    planFourEntries();
    CountDownLatch secondWrite = new CountDownLatch(1);
    when(f.config.write(eq(HOST), anyMap())).thenReturn(4L);
    doAnswer(
            inv -> {
              secondWrite.countDown();
              Thread.sleep(3_000);
              return 1L;
            })
        .when(f.config)
        .write(eq(STAGED_PASSWORD), anyMap());

    ConfigDeploymentWorkflow wf = f.stub(ConfigDeploymentWorkflow.class, ID);
    WorkflowClient.start(wf::push, request(false, HOST, STAGED_PASSWORD, PORT, URL));
    assertThat(secondWrite.await(20, TimeUnit.SECONDS)).isTrue();
    WorkflowStub untyped = WorkflowStub.fromTyped(wf);
    untyped.cancel();

    assertThatThrownBy(() -> untyped.getResult(ConfigPushResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    InOrder order = inOrder(f.config);
    order.verify(f.config).restore(HOST.name(), 3L);
    order.verify(f.config).discardStaged(List.of(STAGED_PASSWORD.staged().name()));
  }

  @Test
  void aPushWithoutStagedValuesDeletesNothing() {
    planFourEntries();
    when(f.config.write(any(), anyMap())).thenReturn(4L, 1L, 1L);
    f.stub(ConfigDeploymentWorkflow.class, ID).push(request(false, HOST, PASSWORD, PORT, URL));
    verify(f.config, never()).discardStaged(any());
  }
}
