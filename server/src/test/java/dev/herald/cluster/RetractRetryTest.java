package dev.herald.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.store.RedisEndpoint;
import dev.herald.support.Closer;
import dev.herald.support.RedisExtension;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retract that fails halfway can be retried, and no node serves the notification without its
 * retract after it. Two real nodes on a real redis-server; node a signs in as a Redis user whose
 * rights the test takes away (ACL) to make one of the retract's two writes fail.
 */
class RetractRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    final Closer closer = new Closer();
    private final String stream = "herald:test:" + UUID.randomUUID();

    private static void acl(RedisClient admin, String... rules) {
        String[] args = new String[rules.length + 2];
        args[0] = "SETUSER";
        args[1] = "node-a";
        System.arraycopy(rules, 0, args, 2, rules.length);
        admin.sendCommand(Protocol.Command.ACL, args);
    }

    private TestHerald nodeA(RedisClient admin) {
        acl(admin, "reset", "on", ">node-a-secret", "~*", "&*", "+@all");
        Map<String, String> settings = new LinkedHashMap<>(ClusterTest.redisSettings(redis.process(), stream));
        settings.put("herald.redis.url", redis.url().replace("redis://", "redis://node-a:node-a-secret@"));
        return closer.add(TestHerald.start(settings));
    }

    private TestHerald nodeB() {
        return closer.add(TestHerald.start(ClusterTest.redisSettings(redis.process(), stream)));
    }

    private SseClient replayFrom(TestHerald node, long lastEventId) {
        SseClient c = closer.add(node.connect("/events?topic=ops", Map.of("Last-Event-ID", String.valueOf(lastEventId))));
        c.awaitHello();
        return c;
    }

    /** What a client replaying on b gets: messages by id, a retract as "retract <id>". */
    private static List<String> replayed(SseClient c) throws Exception {
        List<String> out = new ArrayList<>();
        for (SseEvent e : c.drain(Duration.ofMillis(1500))) {
            if (e.isMessage()) {
                out.add(e.id());
            } else if ("retract".equals(e.event())) {
                out.add("retract " + JSON.readTree(e.data()).get("id").asLong());
            }
        }
        return out;
    }

    private RedisClient admin;
    private TestHerald a;
    private TestHerald b;
    private SseClient live;
    private long one;
    private long two;

    /** Node a publishes two notifications; a stream on node b has both. */
    @BeforeEach
    void twoNodesAndTwoNotifications() throws Exception {
        admin = closer.add(RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2)).pooled(1));
        a = nodeA(admin);
        b = nodeB();
        live = replayFrom(b, 0);
        one = ClusterTest.publish(a, "one", "ops");
        two = ClusterTest.publish(a, "two", "ops");
        assertThat(live.messages(2, Duration.ofSeconds(10))).extracting(SseEvent::id)
                .containsExactly(String.valueOf(one), String.valueOf(two));
    }

    @Test
    void aRetractWhoseEntryCannotBeWrittenRemovesNothingAndARetryFinishesIt() throws Exception {
        acl(admin, "-xadd"); // node a can no longer append (nor publish)
        HttpResponse<String> failed = a.delete("/notifications/" + two);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        assertThat(replayed(replayFrom(b, 0))).as("nothing was removed, nor told")
                .containsExactly(String.valueOf(one), String.valueOf(two));

        acl(admin, "+xadd");
        HttpResponse<String> retried = a.delete("/notifications/" + two);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(replayed(replayFrom(b, 0))).containsExactly(String.valueOf(one), "retract " + two);
    }

    @Test
    void aRetractWhoseRemovalFailsIsToldToEveryReaderAndARetryFinishesIt() throws Exception {
        acl(admin, "-xdel");
        HttpResponse<String> failed = a.delete("/notifications/" + two);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        assertThat(failed.body()).contains("on its way to every reader", "send the same DELETE again");
        SseEvent told = live.next(Duration.ofSeconds(10));
        assertThat(told.event()).as("readers drop it at once").isEqualTo("retract");
        // Still stored until the retry: a replay carries it, then its retract (not from b's memory alone).
        assertThat(replayed(replayFrom(b, 0))).containsExactly(String.valueOf(one), String.valueOf(two),
                "retract " + two);

        acl(admin, "+xdel");
        assertThat(a.delete("/notifications/" + two).statusCode()).isEqualTo(200);
        List<String> after = replayed(replayFrom(b, 0));
        assertThat(after).doesNotContain(String.valueOf(two)).contains(String.valueOf(one), "retract " + two);
        assertThat(a.delete("/notifications/" + two).statusCode()).as("done now").isEqualTo(404);
    }
}
