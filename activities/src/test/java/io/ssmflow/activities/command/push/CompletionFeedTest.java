package io.ssmflow.activities.command.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionFeedTest {
  @Test
  void coversOnlyCommandsTakenAfterItWentLive() {
    CompletionFeed feed = new CompletionFeed();
    assertFalse(feed.covers(System.currentTimeMillis()), "not live yet");
    feed.live(1_000_000);
    assertFalse(feed.covers(1_000_000), "within the skew margin");
    assertTrue(feed.covers(1_000_000 + CompletionFeed.SKEW_MARGIN.toMillis()));
    feed.down();
    assertFalse(feed.covers(9_000_000));
    CompletionFeed.DISABLED.live(1);
    assertFalse(CompletionFeed.DISABLED.isLive(), "a disabled feed never goes live");
  }

  @Test
  void keepsTheFirstArrivalOfARepeatedEndAndForgetsTheOldestCommandsBeyondItsCapacity() {
    CompletionFeed feed = new CompletionFeed(4);
    feed.accept(new CompletionFeed.Ended("c1", "i-1", "Success"));
    long first = feed.ends("c1").get("i-1").atNanos();
    feed.accept(new CompletionFeed.Ended("c1", "i-1", "Success"));
    assertEquals(first, feed.ends("c1").get("i-1").atNanos());
    feed.accept(new CompletionFeed.Ended("c1", "i-2", "Failed"));
    feed.accept(new CompletionFeed.Ended("c2", "i-3", "Success"));
    feed.accept(new CompletionFeed.Ended("c2", "i-4", "Success"));
    assertEquals(2, feed.ends("c1").size());
    feed.accept(new CompletionFeed.Ended("c3", "i-5", "TimedOut"));
    assertEquals(Map.of(), feed.ends("c1"), "the oldest command went first");
    assertEquals(2, feed.ends("c2").size());
    assertEquals("TimedOut", feed.ends("c3").get("i-5").status());
    assertEquals(6, feed.received());
  }

  @Test
  void aWaitWakesWhenAnEndArrives() throws Exception {
    CompletionFeed feed = new CompletionFeed();
    long seen = feed.version();
    Thread pusher =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              feed.accept(new CompletionFeed.Ended("c", "i", "Success"));
            });
    pusher.start();
    feed.awaitAfter(seen, java.time.Duration.ofMinutes(1).toNanos());
    assertTrue(feed.version() != seen);
    pusher.join();
  }
}
