package dev.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.support.Closer;
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

import static dev.herald.cluster.ClusterTest.JSON;
import static dev.herald.cluster.ClusterTest.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away for real (the process is killed) under two nodes with open streams, and comes
 * back on the same port: publishes are refused with 503 meanwhile, health says why, streams stay
 * open, and afterwards the nodes carry on by themselves with nothing lost and nothing twice.
 */
class RedisOutageTest {
    @RegisterExtension
    final Closer closer = new Closer();

    /** A real redis-server, two nodes on it, and a live stream on the second. */
    private record TwoNodes(RedisServerProcess redis, TestHerald a, TestHerald b, SseClient onB) {
    }

    private TwoNodes twoNodes(String stream, String path) {
        RedisServerProcess redis = closer.add(RedisServerProcess.start());
        Map<String, String> settings = ClusterTest.redisSettings(redis, stream);
        TestHerald a = closer.add(TestHerald.start(settings));
        TestHerald b = closer.add(TestHerald.start(settings));
        SseClient onB = closer.add(b.connect(path));
        onB.awaitHello();
        return new TwoNodes(redis, a, b, onB);
    }

    @Test
    void nodesRefuseWhileRedisIsDownAndRecoverWithoutLossOrDuplicates() throws Exception {
        TwoNodes nodes = twoNodes("herald:outage", "/events?topic=ops");
        RedisServerProcess redis = nodes.redis();
        TestHerald a = nodes.a();
        TestHerald b = nodes.b();
        SseClient onB = nodes.onB();
        long before = publish(a, "before", "ops");
        assertThat(onB.messages(1, Duration.ofSeconds(10)).getFirst().id()).isEqualTo(String.valueOf(before));

        redis.kill();

        HttpResponse<String> refused = a.notify("{\"message\":\"during\",\"topic\":\"ops\"}");
        assertThat(refused.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("store_unavailable");
        assertThat(error.get("detail").asText()).contains("nothing was accepted").contains("redis");
        assertThat(b.notify("{\"message\":\"during\",\"topic\":\"ops\"}").statusCode()).isEqualTo(503);
        // A reader is told it cannot be read, not the store's address (only operators get that).
        HttpResponse<String> history = b.get("/notifications"); // anonymous
        assertThat(history.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(history.body()).get("detail").asText())
                .isEqualTo("the event log cannot be read right now; try again shortly");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> health = a.get("/observe/health");
            assertThat(health.statusCode()).isEqualTo(503);
            // On the API port, which anyone may ask: the kind of store, not its address (the log has it).
            assertThat(health.body()).contains("DOWN").contains("redis: down").doesNotContain("127.0.0.1:" + redis.port());
        });
        // Open streams stay open: heartbeats keep coming, and a new client still gets its hello.
        int heartbeats = onB.comments();
        await().atMost(Duration.ofSeconds(10)).until(() -> onB.comments() >= heartbeats + 2);
        assertThat(onB.ended()).isFalse();
        SseClient lateJoiner = closer.add(b.connect("/events?topic=ops"));
        lateJoiner.awaitHello();
        // One resuming cannot be replayed to: it is told why (a comment) and closed, and retries after retry:.
        SseClient resuming = closer.add(b.connect("/events?topic=ops&lastEventId=" + before));
        assertThat(resuming.awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(resuming.rawLines()).anyMatch(l -> l.startsWith(": store_unavailable: the event log cannot be read"))
                .as("the store's address is not told to subscribers").noneMatch(l -> l.contains("redis://"));

        redis.restart();

        for (TestHerald node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(node.get("/observe/health").statusCode()).isEqualTo(200));
        }
        long after = publish(a, "after", "ops");
        assertThat(after).isGreaterThan(before);
        List<SseEvent> live = onB.messages(1, Duration.ofSeconds(10));
        assertThat(live.getFirst().id()).isEqualTo(String.valueOf(after));
        assertThat(lateJoiner.messages(1, Duration.ofSeconds(10)).getFirst().id()).isEqualTo(String.valueOf(after));
        assertThat(onB.drain(Duration.ofSeconds(1))).noneMatch(SseEvent::isMessage);
        assertThat(onB.ended()).isFalse();

        // The log kept what was acknowledged and nothing that was refused.
        SseClient replay = closer.add(a.connect("/events?topic=ops", Map.of("Last-Event-ID", "0")));
        replay.awaitHello();
        List<SseEvent> all = replay.messages(2, Duration.ofSeconds(10));
        assertThat(all).extracting(SseEvent::id).containsExactly(String.valueOf(before), String.valueOf(after));
        assertThat(replay.drain(Duration.ofMillis(700))).noneMatch(SseEvent::isMessage);
    }

    @Test
    void publishingThroughAnOutageLosesAndDuplicatesNothingThatWasAcknowledged() throws Exception {
        TwoNodes nodes = twoNodes("herald:outage-load", "/events?topic=ops");
        RedisServerProcess redis = nodes.redis();
        TestHerald a = nodes.a();
        TestHerald b = nodes.b();
        SseClient onB = nodes.onB();

        List<Long> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread publisher = Thread.ofVirtual().start(() -> {
            int n = 0;
            while (running.get()) {
                HttpResponse<String> r = a.notify("{\"message\":\"p" + n++ + "\",\"topic\":\"ops\"}");
                try {
                    if (r.statusCode() == 202) {
                        acknowledged.add(JSON.readTree(r.body()).get("id").asLong());
                    } else {
                        assertThat(r.statusCode()).isEqualTo(503);
                        refused.incrementAndGet();
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 20);
        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() >= 5);
        redis.restart();
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 20);
        running.set(false);
        publisher.join(Duration.ofSeconds(30));

        List<Long> acked = List.copyOf(acknowledged);
        // Everything acknowledged arrives on the other node once, in order; the stream never closed.
        List<Long> received = new ArrayList<>();
        for (SseEvent e : onB.messages(acked.size(), Duration.ofSeconds(30))) {
            received.add(Long.parseLong(e.id()));
        }
        onB.drain(Duration.ofSeconds(1)).stream().filter(SseEvent::isMessage)
                .forEach(e -> received.add(Long.parseLong(e.id())));
        assertThat(received).isSorted().doesNotHaveDuplicates().containsAll(acked);
        assertThat(onB.ended()).isFalse();
        // A 503 means not stored, except when Redis died between storing and answering (the reply
        // was lost): such an event may exist, unacknowledged. Here at most one can be in flight.
        assertThat(received.size() - acked.size()).isBetween(0, 1);
        System.out.println("outage under load: " + acked.size() + " acknowledged, " + refused.get()
                + " refused with 503, " + received.size() + " delivered on the other node");
    }

    @Test
    void aScheduledNotificationDueDuringAnOutageGoesOutOnceWhenRedisIsBack() throws Exception {
        TwoNodes nodes = twoNodes("herald:outage-scheduled", "/events");
        RedisServerProcess redis = nodes.redis();
        TestHerald a = nodes.a();
        TestHerald b = nodes.b();
        SseClient onB = nodes.onB();
        HttpResponse<String> accepted = a.notify("{\"message\":\"due in the outage\",\"delay\":\"2s\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).get("id").asText();

        redis.kill();
        HttpResponse<String> refused = b.notify("{\"message\":\"later\",\"delay\":\"1h\"}");
        assertThat(refused.statusCode()).as("nothing scheduled that is not stored").isEqualTo(503);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("store_unavailable");
        Thread.sleep(3_000); // due now, and no node can read or send it
        assertThat(onB.drain(Duration.ofMillis(100))).noneMatch(SseEvent::isMessage);

        redis.restart();

        SseEvent sent = onB.messages(1, Duration.ofSeconds(20)).getFirst();
        JsonNode body = JSON.readTree(sent.data());
        assertThat(body.get("message").asText()).isEqualTo("due in the outage");
        assertThat(body.get("scheduled").asText()).isEqualTo(id);
        assertThat(onB.drain(Duration.ofSeconds(3))).as("sent once, by one of the two nodes").noneMatch(SseEvent::isMessage);
        assertThat(JSON.readTree(a.get("/admin/scheduled?all=true").body()).get("scheduled"))
                .extracting(n -> n.get("status").asText()).containsExactly("sent");
    }
}
