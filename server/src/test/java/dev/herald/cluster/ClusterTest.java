package dev.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.Closer;
import dev.herald.support.RedisExtension;
import dev.herald.support.RedisServerProcess;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several real Herald nodes in one JVM on one real redis-server: fan-out, replay and counts across nodes. */
class ClusterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    final Closer closer = new Closer();
    private final String stream = "herald:test:" + UUID.randomUUID();

    static Map<String, String> redisSettings(RedisServerProcess redis, String stream) {
        return redis.nodeSettings(stream, "herald.events.heartbeat", "500ms", "herald.redis.presence.interval", "300ms",
                "herald.redis.presence.ttl", "2s");
    }

    private TestHerald node() {
        TestHerald n = TestHerald.start(redisSettings(redis.process(), stream));
        closer.add(n);
        return n;
    }

    private SseClient client(TestHerald node, String path, Map<String, String> headers) {
        SseClient c = node.connect(path, headers);
        closer.add(c);
        c.awaitHello();
        return c;
    }

    static long publish(TestHerald node, String message, String topic) throws Exception {
        HttpResponse<String> r = node.notify("{\"message\":\"" + message + "\",\"topic\":\"" + topic + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asLong();
    }

    static String message(SseEvent e) throws Exception {
        return JSON.readTree(e.data()).get("message").asText();
    }

    @Test
    void aNotificationPostedOnOneNodeReachesSubscribersOnEveryNode() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        TestHerald c = node();
        SseClient onA = client(a, "/events?topic=ops", Map.of());
        SseClient onB = client(b, "/events?topic=ops", Map.of());
        SseClient onC = client(c, "/events?topic=ops", Map.of());
        SseClient otherTopicOnC = client(c, "/events?topic=dev", Map.of());

        long first = publish(a, "from-a", "ops");
        long second = publish(c, "from-c", "ops");
        long third = publish(b, "from-b", "ops");
        assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();

        for (SseClient client : List.of(onA, onB, onC)) {
            List<SseEvent> got = client.messages(3, Duration.ofSeconds(10));
            assertThat(got).extracting(SseEvent::id)
                    .containsExactly(String.valueOf(first), String.valueOf(second), String.valueOf(third));
            assertThat(message(got.get(0))).isEqualTo("from-a");
            assertThat(message(got.get(1))).isEqualTo("from-c");
            assertThat(client.drain(Duration.ofMillis(700))).noneMatch(SseEvent::isMessage);
        }
        assertThat(otherTopicOnC.drain(Duration.ofMillis(300))).noneMatch(SseEvent::isMessage);
        // History is the shared log, whichever node answers.
        JsonNode history = JSON.readTree(b.get("/notifications?topic=ops").body());
        assertThat(history.get("count").asInt()).isEqualTo(3);
        assertThat(history.get("latestId").asLong()).isEqualTo(third);
    }

    @Test
    void aClientReconnectingToAnotherNodeWithLastEventIdMissesNothing() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onA = client(a, "/events?topic=ops", Map.of());
        long one = publish(a, "one", "ops");
        long two = publish(b, "two", "ops");
        List<SseEvent> seen = onA.messages(2, Duration.ofSeconds(10));
        assertThat(seen.getLast().id()).isEqualTo(String.valueOf(two));
        onA.close();

        long three = publish(a, "three", "ops");
        long four = publish(b, "four", "ops");
        SseClient onB = client(b, "/events?topic=ops", Map.of("Last-Event-ID", seen.getLast().id()));
        List<SseEvent> replayed = onB.messages(2, Duration.ofSeconds(10));
        assertThat(replayed).extracting(SseEvent::id).containsExactly(String.valueOf(three), String.valueOf(four));
        long five = publish(a, "five", "ops");
        assertThat(onB.messages(1, Duration.ofSeconds(10)).getFirst().id()).isEqualTo(String.valueOf(five));
        assertThat(onB.drain(Duration.ofMillis(700))).noneMatch(SseEvent::isMessage);
        assertThat(one).isLessThan(two);
    }

    @Test
    void clusterEndpointShowsTotalsAndEachNode() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        client(a, "/events?topic=ops", Map.of());
        client(a, "/events?topic=ops&topic=dev", Map.of());
        client(b, "/events?topic=dev", Map.of());
        publish(b, "counted", "ops");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode snap = JSON.readTree(a.get("/cluster").body());
            assertThat(snap.get("mode").asText()).isEqualTo("redis");
            assertThat(snap.get("totals").get("nodes").asInt()).isEqualTo(2);
            assertThat(snap.get("totals").get("connections").asInt()).isEqualTo(3);
            assertThat(snap.get("totals").get("topics").get("ops").asInt()).isEqualTo(2);
            assertThat(snap.get("totals").get("topics").get("dev").asInt()).isEqualTo(2);
            assertThat(snap.get("totals").get("published").asLong()).isEqualTo(1);
        });
        // The admin stats (GET and the live feed) carry the same cluster view beside this node's own counts.
        JsonNode stats = JSON.readTree(a.get("/admin/stats").body());
        assertThat(stats.get("connected").asInt()).isEqualTo(2);
        assertThat(stats.get("cluster").get("totals").get("connections").asInt()).isEqualTo(3);
        assertThat(stats.get("cluster").get("nodes")).hasSize(2);
        try (SseClient feed = a.connect("/admin/stats/stream")) {
            dev.herald.support.SseEvent first;
            do {
                first = feed.next(Duration.ofSeconds(5));
            } while (first != null && !"stats".equals(first.event()));
            assertThat(first).isNotNull();
            JsonNode live = JSON.readTree(first.data());
            assertThat(live.get("cluster").get("totals").get("nodes").asInt()).isEqualTo(2);
            assertThat(live.get("cluster").get("totals").get("connections").asInt()).isEqualTo(3);
        }

        JsonNode fromB = JSON.readTree(b.get("/cluster").body());
        assertThat(fromB.get("self").asText()).isEqualTo(b.server().hub().nodeId());
        List<String> nodes = new ArrayList<>();
        fromB.get("nodes").forEach(n -> nodes.add(n.get("node").asText()));
        assertThat(nodes).containsExactlyInAnyOrder(a.server().hub().nodeId(), b.server().hub().nodeId());
        fromB.get("nodes").forEach(n -> assertThat(n.get("address").asText()).endsWith(":"
                + (n.get("node").asText().equals(a.server().hub().nodeId()) ? a.port() : b.port())));

        // A clean stop leaves at once.
        b.close();
        closer.remove(b);
        JsonNode after = JSON.readTree(a.get("/cluster").body());
        assertThat(after.get("totals").get("nodes").asInt()).isEqualTo(1);
        assertThat(after.get("totals").get("connections").asInt()).isEqualTo(2);
    }

    @Test
    void aRetractOnOneNodeIsNotReplayedByAnotherFromItsMemory() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onB = client(b, "/events?topic=ops", Map.of());
        long one = publish(a, "one", "ops");
        long two = publish(a, "two", "ops");
        long three = publish(a, "three", "ops");
        assertThat(onB.messages(3, Duration.ofSeconds(10))).extracting(SseEvent::id)
                .containsExactly(String.valueOf(one), String.valueOf(two), String.valueOf(three));
        // b keeps the three in memory; a takes the second back.
        assertThat(a.delete("/notifications/" + two).statusCode()).isEqualTo(200);
        SseEvent retract = onB.next(Duration.ofSeconds(10));
        assertThat(retract.event()).isEqualTo("retract");

        SseClient resumed = client(b, "/events?topic=ops", Map.of("Last-Event-ID", String.valueOf(one - 1)));
        List<SseEvent> replayed = resumed.messages(2, Duration.ofSeconds(10));
        assertThat(replayed).extracting(SseEvent::id).containsExactly(String.valueOf(one), String.valueOf(three));
        assertThat(resumed.drain(Duration.ofMillis(700))).noneMatch(SseEvent::isMessage);
    }

    @Test
    void singleNodeWithoutRedisReportsItselfAlone() throws Exception {
        TestHerald solo = TestHerald.start(Map.of("herald.store", "memory"));
        closer.add(solo);
        client(solo, "/events?topic=ops", Map.of());
        JsonNode snap = JSON.readTree(solo.get("/cluster").body());
        assertThat(snap.get("mode").asText()).isEqualTo("single");
        assertThat(snap.get("totals").get("nodes").asInt()).isEqualTo(1);
        assertThat(snap.get("totals").get("connections").asInt()).isEqualTo(1);
        assertThat(snap.get("nodes").get(0).get("topics").get("ops").asInt()).isEqualTo(1);
    }
}
