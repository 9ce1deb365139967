package dev.herald.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.store.RedisEndpoint;
import dev.herald.support.Closer;
import dev.herald.support.RedisExtension;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin feed's {@code scheduled} event on two nodes of one real redis-server: a change made on the other node
 * is seen, and an operator watching an idle feed does not cost a read of every pending notification each second
 * (it read them all, bodies included, once a second).
 */
class ScheduledFeedClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    final Closer closer = new Closer();
    private final String stream = "herald:test:" + UUID.randomUUID();

    private TestHerald node() {
        return closer.add(TestHerald.start(redis.process().nodeSettings(stream, "herald.events.heartbeat", "500ms")));
    }

    private static SseEvent nextScheduled(SseClient c, Predicate<Integer> pending) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            SseEvent e = c.next(Duration.ofMillis(500));
            if (e != null && "scheduled".equals(e.event()) && pending.test(JSON.readTree(e.data()).get("pending").asInt())) {
                return e;
            }
        }
        throw new AssertionError("no matching scheduled event within 15s");
    }

    private static String schedule(TestHerald node, String delay) throws Exception {
        HttpResponse<String> res = node.notify("{\"message\":\"later\",\"delay\":\"" + delay + "\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return JSON.readTree(res.body()).get("id").asText();
    }

    @Test
    void aChangeOnAnotherNodeIsStillNoticed() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient feed = closer.add(a.connect("/admin/stats/stream"));
        nextScheduled(feed, n -> n == 0);
        String id = schedule(b, "1h");
        nextScheduled(feed, n -> n == 1);
        assertThat(b.delete("/notifications/" + id).statusCode()).isEqualTo(200);
        nextScheduled(feed, n -> n == 0);
        schedule(b, "2s");
        nextScheduled(feed, n -> n == 1);
        nextScheduled(feed, n -> n == 0); // sent, by whichever node took it
    }

    @Test
    void anIdleFeedDoesNotReadEveryPendingNotificationEachSecond() throws Exception {
        TestHerald a = node();
        int pending = 100;
        for (int i = 0; i < pending; i++) {
            schedule(a, "1h");
        }
        SseClient feed = closer.add(a.connect("/admin/stats/stream"));
        nextScheduled(feed, n -> n == pending);
        long before = hgetallCalls();
        Thread.sleep(3_000); // three ticks of a watched feed; nothing changes
        long reads = hgetallCalls() - before;
        // The scheduler still reads its soonest one each second; the feed read all 100 bodies each tick (300+).
        assertThat(reads).as("HGETALLs in 3 s of a watched feed with %d pending", pending).isLessThan(pending);
        assertThat(feed.ended()).isFalse();
    }

    private static long hgetallCalls() {
        try (Jedis j = RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2)).dedicated(0)) {
            Matcher m = Pattern.compile("cmdstat_hgetall:calls=(\\d+)").matcher(j.info("commandstats"));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }
}
