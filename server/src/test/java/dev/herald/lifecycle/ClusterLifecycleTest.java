package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.store.RedisEndpoint;
import dev.herald.support.Closer;
import dev.herald.support.LogCapture;
import dev.herald.support.RedisExtension;
import dev.herald.support.RedisServerProcess;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two nodes on one real redis-server: retract and scheduled send reach the other node's clients. */
class ClusterLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    final Closer closer = new Closer();
    private final String stream = "herald:test:" + UUID.randomUUID();

    private TestHerald node() {
        TestHerald n = TestHerald.start(redis.process().nodeSettings(stream, "herald.events.heartbeat", "500ms"));
        closer.add(n);
        return n;
    }

    private SseClient listening(TestHerald node, String path) {
        SseClient client = closer.add(node.connect(path));
        client.awaitHello();
        return client;
    }

    private static long publish(TestHerald node, String message) throws Exception {
        var res = node.notify("{\"message\":\"" + message + "\",\"topic\":\"ops\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return json(res).get("id").asLong();
    }

    @Test
    void retractOnOneNodeRemovesItOnTheOtherLiveAndInHistory() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onB = listening(b, "/events?topic=ops");
        long keep = publish(a, "keep");
        long gone = publish(a, "gone");
        onB.messages(2, Duration.ofSeconds(10));
        assertThat(a.delete("/notifications/" + gone).statusCode()).isEqualTo(200);
        SseEvent retract = onB.next(Duration.ofSeconds(10));
        assertThat(retract.event()).isEqualTo("retract");
        assertThat(JSON.readTree(retract.data()).get("id").asLong()).isEqualTo(gone);
        JsonNode history = json(b.get("/notifications"));
        assertThat(history.get("notifications")).extracting(n -> n.get("id").asLong()).containsExactly(keep);
        assertThat(b.delete("/notifications/" + gone).statusCode()).as("already gone, on any node").isEqualTo(404);
    }

    @Test
    void aScheduledNotificationGoesOutToEveryNode() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onB = listening(b, "/events");
        var res = a.notify("{\"message\":\"from the scheduler\",\"delay\":\"1s\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        SseEvent got = onB.messages(1, Duration.ofSeconds(10)).getFirst();
        assertThat(JSON.readTree(got.data()).get("message").asText()).isEqualTo("from the scheduler");
    }

    @Test
    void anyNodeListsAndCancelsAScheduledNotificationAcceptedByAnother() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        String onA = json(a.notify("{\"message\":\"later from A\",\"delay\":\"1h\"}")).get("id").asText();
        String onB = json(b.notify("{\"message\":\"later from B\",\"delay\":\"2h\"}")).get("id").asText();
        // One store, one number space: never two s-1 in one cluster.
        assertThat(onA).matches("s-[a-z0-9]{6}\\.1");
        assertThat(onB).isEqualTo(onA.substring(0, onA.length() - 1) + "2");
        for (TestHerald node : new TestHerald[]{a, b}) {
            assertThat(json(node.get("/admin/scheduled")).get("scheduled")).extracting(n -> n.get("id").asText())
                    .as("every node lists them all").containsExactly(onA, onB);
        }
        var cancelled = b.delete("/notifications/" + onA);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("cancelled");
        assertThat(json(a.get("/admin/scheduled")).get("scheduled")).extracting(n -> n.get("id").asText())
                .containsExactly(onB);
        var again = a.delete("/notifications/" + onA);
        assertThat(again.statusCode()).as("cancelled is cancelled, on any node").isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aScheduledNotificationGoesOutOnceWhenItsNodeIsGone() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onB = listening(b, "/events");
        for (int i = 0; i < 5; i++) {
            var res = a.notify("{\"message\":\"due " + i + "\",\"delay\":\"2s\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        }
        a.close(); // stopped before they are due: B's scheduler sends them
        var got = onB.messages(5, Duration.ofSeconds(15));
        assertThat(got).extracting(e -> JSON.readTree(e.data()).get("message").asText())
                .containsExactlyInAnyOrder("due 0", "due 1", "due 2", "due 3", "due 4");
        // Marked sent just after it went out: the last one may still read "pending" for a moment.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(json(b.get("/admin/scheduled")).get("scheduled")).isEmpty());
        assertThat(onB.drain(Duration.ofSeconds(2))).as("nothing sent twice").noneMatch(SseEvent::isMessage);
    }

    @Test
    void twoLiveNodesSendEachScheduledNotificationOnce() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onA = listening(a, "/events");
        for (int i = 0; i < 10; i++) {
            TestHerald to = i % 2 == 0 ? a : b;
            assertThat(to.notify("{\"message\":\"n" + i + "\",\"delay\":\"1s\"}").statusCode()).isEqualTo(202);
        }
        var got = onA.messages(10, Duration.ofSeconds(15));
        assertThat(got).extracting(e -> JSON.readTree(e.data()).get("message").asText()).doesNotHaveDuplicates().hasSize(10);
        assertThat(onA.drain(Duration.ofSeconds(3))).as("nothing sent twice").noneMatch(SseEvent::isMessage);
        JsonNode all = json(b.get("/admin/scheduled?all=true")).get("scheduled");
        assertThat(all).hasSize(10).allSatisfy(n -> {
            assertThat(n.get("status").asText()).isEqualTo("sent");
            assertThat(n.get("eventId").isNumber()).isTrue();
        });
    }

    // Redis lost its data (a restart without persistence, FLUSHALL): the pending scheduled notifications go with it,
    // and the only sign was the fan-out's "lost <stream> (a new log instance)". The scheduler now names how many.
    @Test
    void scheduledNotificationsLostWithRedisDataAreCountedInTheLog() throws Exception {
        RedisServerProcess own = closer.add(RedisServerProcess.start());
        TestHerald a = closer.add(TestHerald.start(own.nodeSettings(stream)));
        try (LogCapture logs = LogCapture.on(Logger.getLogger(RedisScheduledStore.class.getName()), Level.WARNING)) {
            for (int i = 0; i < 3; i++) {
                assertThat(a.notify("{\"message\":\"later " + i + "\",\"delay\":\"1h\"}").statusCode()).isEqualTo(202);
            }
            Thread.sleep(1_500); // the scheduler looks once a second
            String before;
            try (Jedis j = RedisEndpoint.parse(own.url(), Duration.ofSeconds(2)).dedicated(0)) {
                before = j.get(stream + ":instance");
                j.flushAll();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(logs.records())
                    .anySatisfy(r -> assertThat(r.getMessage()).contains("3 scheduled notifications", "lost")));
            assertThat(logs.records()).as("said once").hasSize(1);
            // Every node logs it: the instance ids let aggregated logs group one loss's lines.
            try (Jedis j = RedisEndpoint.parse(own.url(), Duration.ofSeconds(2)).dedicated(0)) {
                assertThat(before).isNotBlank();
                assertThat(logs.records().getFirst().getMessage()).contains(
                        "log instance " + before + " is now " + j.get(stream + ":instance"), "each node logs this");
            }
        }
    }
}
