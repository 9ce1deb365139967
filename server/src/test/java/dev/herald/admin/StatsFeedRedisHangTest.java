package dev.herald.admin;

import dev.herald.support.Closer;
import dev.herald.support.RedisServerProcess;
import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster node's admin feed keeps sending a line every second while Redis hangs: the admin app takes
 * 5 s without one for a hung server and marks the node unreachable. The feed's tick reads Redis (cluster
 * counts, the scheduled list) and used to go silent for one Redis timeout per read, 9-11 s.
 */
class StatsFeedRedisHangTest {
    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void aHungRedisDoesNotSilenceTheFeed() throws Exception {
        RedisServerProcess redis = closer.add(RedisServerProcess.start());
        TestHerald node = closer.add(TestHerald.start(redis.nodeSettings("herald:feed-hang")));
        SseClient admin = closer.add(node.connect("/admin/stats/stream"));
        assertThat(admin.next(Duration.ofSeconds(5))).as("the first stats").isNotNull();

        redis.pause();
        long longest;
        try {
            longest = longestSilenceMillis(admin, Duration.ofSeconds(14));
        } finally {
            redis.resume();
        }
        assertThat(longest).as("the longest time without a line while Redis hung (ms)").isLessThan(3000);
        assertThat(admin.ended()).isFalse();
    }

    private static long longestSilenceMillis(SseClient feed, Duration watch) throws InterruptedException {
        long end = System.nanoTime() + watch.toNanos();
        int lines = feed.rawLines().size();
        long lastLine = System.nanoTime();
        long longest = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(50);
            int now = feed.rawLines().size();
            if (now != lines) {
                lines = now;
                lastLine = System.nanoTime();
            }
            longest = Math.max(longest, (System.nanoTime() - lastLine) / 1_000_000);
        }
        return longest;
    }
}
