package io.ssmflow.workflows.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** Rollback by version and of a whole push. */
class ConfigRollbackWorkflowTest {
  final ParamsFixture f = new ParamsFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void restoresOneParameterToAVersion() {
    when(f.config.restore("/shop/prod/db/host", 2L)).thenReturn(5L);

    RollbackResult r =
        f.stub(ConfigRollbackWorkflow.class, "params-rollback-test")
            .rollback(
                new RollbackRequest(
                    List.of(new RollbackRequest.Action("/shop/prod/db/host", 2L)), ""));

    assertThat(r.done())
        .containsExactly(Map.entry("/shop/prod/db/host", "restored version 2 as version 5"));
    assertThat(r.message()).isEqualTo("1 restored, 0 deleted");
  }

  @Test
  void rollsBackAPushDeletingWhatItCreatedAndRestoringWhatItReplaced() {
    when(f.config.restore("/shop/prod/db/host", 3L)).thenReturn(6L);

    RollbackResult r =
        f.stub(ConfigRollbackWorkflow.class, "params-rollback-of-push")
            .rollback(
                new RollbackRequest(
                    List.of(
                        new RollbackRequest.Action("/shop/prod/db/host", 3L),
                        new RollbackRequest.Action("/shop/prod/db/password", null)),
                    "bad push"));

    assertThat(r.done())
        .containsExactly(
            Map.entry("/shop/prod/db/host", "restored version 3 as version 6"),
            Map.entry("/shop/prod/db/password", "deleted"));
    InOrder order = inOrder(f.config);
    order.verify(f.config).restore("/shop/prod/db/host", 3L);
    order.verify(f.config).delete("/shop/prod/db/password");
  }

  @Test
  void aMissingVersionFailsWithoutRetrying() {
    when(f.config.restore("/shop/prod/db/host", 9L))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "/shop/prod/db/host has no version 9", "VersionNotFound"));

    assertThatThrownBy(
            () ->
                f.stub(ConfigRollbackWorkflow.class, "params-rollback-missing")
                    .rollback(
                        new RollbackRequest(
                            List.of(
                                new RollbackRequest.Action("/shop/prod/db/host", 9L),
                                new RollbackRequest.Action("/shop/prod/other", null)),
                            "")))
        .isInstanceOf(WorkflowFailedException.class);
    verify(f.config, org.mockito.Mockito.times(1)).restore("/shop/prod/db/host", 9L);
    verify(f.config, never()).delete("/shop/prod/other");
  }
}
