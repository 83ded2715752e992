package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetPage;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rollout with absolute MaxConcurrency and MaxErrors starts on the first page of targets while
 * the later pages are still being resolved (docs/design.md, "Resolving targets").
 */
class DeploymentTargetPagesTest {
  private static final List<String> IDS = ids(9);
  private static final SkippedInstance STOPPED =
      new SkippedInstance("i-5700dded0000000", "stopped");

  /** Page 2 answers only once a command was sent for page 1 (or after 20 s, and the test fails). */
  private static TargetPage waitForASend(DeploymentFixture f, TargetPage page)
      throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    while (f.commands.sends().isEmpty() && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    return page;
  }

  @Test
  void theRolloutStartsOnTheFirstPageWhileLaterPagesAreResolved() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 0)) {
      AtomicInteger sendsBeforePage2 = new AtomicInteger(-1);
      doReturn(new TargetPage(IDS.subList(0, 3), List.of(), "0:t2"))
          .when(f.fleet)
          .resolveTargetsPage(any(), isNull(), anyInt());
      doAnswer(
              inv -> {
                TargetPage p =
                    waitForASend(f, new TargetPage(IDS.subList(3, 6), List.of(STOPPED), "0:t3"));
                sendsBeforePage2.set(f.commands.sends().size());
                return p;
              })
          .when(f.fleet)
          .resolveTargetsPage(any(), eq("0:t2"), eq(1000));
      // An instance seen on an earlier page (a patch group's two tag keys) runs once.
      List<String> last = List.of(IDS.get(6), IDS.get(7), IDS.get(8), IDS.get(0));
      doReturn(new TargetPage(last, List.of(), null))
          .when(f.fleet)
          .resolveTargetsPage(any(), eq("0:t3"), eq(1000));

      DeploymentResult r = f.run(request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(sendsBeforePage2.get()).isPositive();
      assertThat(r.total()).isEqualTo(9);
      assertThat(r.succeeded()).isEqualTo(9);
      assertThat(r.skipped()).containsExactly(STOPPED);
      for (String id : IDS) {
        assertThat(f.commands.steps(id)).containsExactly("install", "start", "health");
      }
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(2);
      verify(f.fleet, never()).resolveTargets(any());
      // The first page is asked no larger than the window (MaxConcurrency 2), the rest full.
      verify(f.fleet).resolveTargetsPage(any(), isNull(), eq(2));
    }
  }

  @Test
  void aPageThatCannotBeResolvedStopsTheRolloutAndRollsBack() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 0)) {
      doReturn(new TargetPage(IDS.subList(0, 3), List.of(), "0:t2"))
          .when(f.fleet)
          .resolveTargetsPage(any(), isNull(), anyInt());
      doAnswer(
              inv -> {
                waitForASend(f, null);
                throw ApplicationFailure.newNonRetryableFailure(
                    "DescribeInstances: UnauthorizedOperation", "Ec2Error");
              })
          .when(f.fleet)
          .resolveTargetsPage(any(), eq("0:t2"), eq(1000));

      DeploymentResult r = f.run(request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message())
          .isEqualTo(
              "stopped: target resolution failed after 1 page:"
                  + " DescribeInstances: UnauthorizedOperation");
      // What the first page started finished; rollback-all then undid it. Nothing else ran.
      assertThat(r.total()).isEqualTo(3);
      for (String id : IDS.subList(0, 3)) {
        List<String> steps = f.commands.steps(id);
        if (!steps.isEmpty()) {
          assertThat(steps).containsExactly("install", "start", "health", "rollback");
        }
      }
      assertThat(f.commands.startedInstances()).isBetween(1, 3);
      for (String id : IDS.subList(3, 9)) {
        assertThat(f.commands.steps(id)).isEmpty();
      }
    }
  }

  @Test
  void aCanaryWaitsForEveryPage() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 0)) {
      AtomicInteger sendsBeforePage2 = new AtomicInteger(-1);
      doReturn(new TargetPage(List.of(IDS.get(2), IDS.get(1)), List.of(), "0:t2"))
          .when(f.fleet)
          .resolveTargetsPage(any(), isNull(), anyInt());
      doAnswer(
              inv -> {
                sendsBeforePage2.set(f.commands.sends().size());
                return new TargetPage(List.of(IDS.get(0)), List.of(), null);
              })
          .when(f.fleet)
          .resolveTargetsPage(any(), eq("0:t2"), eq(1000));

      DeploymentResult r = f.run(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(sendsBeforePage2.get()).isZero();
      // The canary is the first instance by id over the whole fleet, as before pages.
      assertThat(f.commands.sends().get(0).instanceIds()).containsExactly(IDS.get(0));
    }
  }
}
