package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.Closer;
import dev.herald.support.RedisExtension;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;

import static dev.herald.lifecycle.ScheduledSendTest.delete;
import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on one real redis-server: retract and scheduled send reach the other node's clients. */
class ClusterLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    final Closer closer = new Closer();
    private final String stream = "herald:test:" + UUID.randomUUID();

    private TestHerald node() {
        TestHerald n = TestHerald.start(java.util.Map.of("herald.store", "redis", "herald.redis.url", redis.url(),
                "herald.redis.stream", stream, "herald.events.heartbeat", "500ms"));
        closer.add(n);
        return n;
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
        SseClient onB = b.connect("/events?topic=ops");
        closer.add(onB);
        onB.awaitHello();
        long keep = publish(a, "keep");
        long gone = publish(a, "gone");
        onB.messages(2, Duration.ofSeconds(10));
        assertThat(delete(a, "/notifications/" + gone).statusCode()).isEqualTo(200);
        SseEvent retract = onB.next(Duration.ofSeconds(10));
        assertThat(retract.event()).isEqualTo("retract");
        assertThat(JSON.readTree(retract.data()).get("id").asLong()).isEqualTo(gone);
        JsonNode history = json(b.get("/notifications"));
        assertThat(history.get("notifications")).extracting(n -> n.get("id").asLong()).containsExactly(keep);
        assertThat(delete(b, "/notifications/" + gone).statusCode()).as("already gone, on any node").isEqualTo(404);
    }

    @Test
    void aScheduledNotificationGoesOutToEveryNode() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        SseClient onB = b.connect("/events");
        closer.add(onB);
        onB.awaitHello();
        var res = a.notify("{\"message\":\"from the scheduler\",\"delay\":\"1s\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        SseEvent got = onB.messages(1, Duration.ofSeconds(10)).getFirst();
        assertThat(JSON.readTree(got.data()).get("message").asText()).isEqualTo("from the scheduler");
    }

    @Test
    void scheduledIdsNameTheirNodeAndAnotherNodeDoesNotCancelThem() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        // Each node numbers its own from 1: without the node in the id both would be s-1.
        String onA = json(a.notify("{\"message\":\"later from A\",\"delay\":\"1h\"}")).get("id").asText();
        String onB = json(b.notify("{\"message\":\"later from B\",\"delay\":\"1h\"}")).get("id").asText();
        assertThat(onA).matches("s-[a-z0-9]{6}\\.1");
        assertThat(onB).matches("s-[a-z0-9]{6}\\.1").isNotEqualTo(onA);

        var wrong = delete(b, "/notifications/" + onA);
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(json(wrong).get("error").asText()).isEqualTo("unknown_notification");
        assertThat(json(wrong).get("detail").asText()).contains("not kept by this node").contains(onA.substring(2, 8));
        assertThat(json(b.get("/admin/scheduled")).get("scheduled")).extracting(n -> n.get("id").asText())
                .as("B's own notification is untouched").containsExactly(onB);
        assertThat(json(a.get("/admin/scheduled")).get("scheduled")).extracting(n -> n.get("id").asText())
                .containsExactly(onA);

        // GET /cluster says which node keeps which ids.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(json(a.get("/cluster")).get("nodes")).extracting(n -> n.get("scheduled").asText())
                        .contains(onA.substring(2, 8), onB.substring(2, 8)));
        assertThat(delete(a, "/notifications/" + onA).statusCode()).isEqualTo(200);
        assertThat(json(a.get("/admin/scheduled")).get("scheduled")).isEmpty();
    }
}
