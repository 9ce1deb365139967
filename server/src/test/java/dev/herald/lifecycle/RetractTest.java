package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.Closer;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** DELETE /notifications/{id} on a sent notification: event: retract live, gone from replay and history. */
class RetractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final Closer closer = new Closer();

    private TestHerald start() {
        return closer.add(TestHerald.start());
    }

    private static List<String> history(TestHerald h, String query) throws Exception {
        List<String> out = new ArrayList<>();
        json(h.get("/notifications" + query)).get("notifications").forEach(n -> out.add(n.get("message").asText()));
        return out;
    }

    @Test
    void liveReadersGetRetractWithAForwardIdAndOthersDoNot() throws Exception {
        TestHerald h = start();
        try (SseClient ops = h.connect("/events?topic=ops"); SseClient other = h.connect("/events?topic=dev")) {
            ops.awaitHello();
            other.awaitHello();
            long keep = h.publish("{\"message\":\"keep\",\"topic\":\"ops\"}");
            long gone = h.publish("{\"message\":\"oops\",\"topic\":\"ops\"}");
            ops.messages(2, Duration.ofSeconds(10));
            var res = h.delete("/notifications/" + gone);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode body = json(res);
            assertThat(body.get("status").asText()).isEqualTo("retracted");
            long retractId = body.get("retractId").asLong();
            assertThat(retractId).isGreaterThan(gone);

            SseEvent retract = ops.next(Duration.ofSeconds(10));
            assertThat(retract.event()).isEqualTo("retract");
            assertThat(JSON.readTree(retract.data()).get("id").asLong()).isEqualTo(gone);
            assertThat(Long.parseLong(retract.id())).as("Last-Event-ID moves forward").isEqualTo(retractId);
            assertThat(other.drain(Duration.ofMillis(500))).as("not a reader of ops").isEmpty();

            assertThat(history(h, "")).containsExactly("keep");
            assertThat(history(h, "?after=0")).containsExactly("keep");
            assertThat(json(h.get("/admin/notifications")).get("notifications")).hasSize(1);
            assertThat(h.delete("/notifications/" + gone).statusCode()).as("already retracted").isEqualTo(404);
            assertThat(h.delete("/notifications/" + retractId).statusCode()).as("a control entry").isEqualTo(404);
            assertThat(h.delete("/notifications/999999").statusCode()).isEqualTo(404);
            assertThat(h.delete("/notifications/abc").statusCode()).isEqualTo(404);
            assertThat(keep).isLessThan(gone);
        }
    }

    @Test
    void replayAfterRestartNoLongerShowsItAndTellsReconnectingClientsToRemoveIt() throws Exception {
        TestHerald h = start();
        long a = h.publish("{\"message\":\"a\"}");
        long b = h.publish("{\"message\":\"b\"}");
        assertThat(h.delete("/notifications/" + b).statusCode()).isEqualTo(200);
        h.restart();
        try (SseClient fresh = h.connect("/events?lastEventId=0")) {
            fresh.awaitHello();
            List<SseEvent> got = fresh.drain(Duration.ofSeconds(1));
            assertThat(got).filteredOn(SseEvent::isMessage).extracting(SseEvent::id).containsExactly(String.valueOf(a));
        }
        // A client that had b before it was retracted replays from b: it hears the retract.
        try (SseClient had = h.connect("/events?lastEventId=" + b)) {
            had.awaitHello();
            SseEvent e = had.next(Duration.ofSeconds(5));
            assertThat(e.event()).isEqualTo("retract");
            assertThat(JSON.readTree(e.data()).get("id").asLong()).isEqualTo(b);
        }
        assertThat(history(h, "")).containsExactly("a");
    }

    @Test
    void aSentScheduledNotificationIsRetractedByItsScheduledId() throws Exception {
        TestHerald h = start();
        String id = json(h.notify("{\"message\":\"soon\",\"delay\":\"1s\"}")).get("id").asText();
        try (SseClient sse = h.connect("/events")) {
            sse.awaitHello();
            SseEvent sent = sse.messages(1, Duration.ofSeconds(10)).getFirst();
            var res = h.delete("/notifications/" + id);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(json(res).get("eventId").asText()).isEqualTo(sent.id());
            assertThat(sse.next(Duration.ofSeconds(5)).event()).isEqualTo("retract");
        }
        assertThat(history(h, "")).isEmpty();
    }

    @Test
    void expiredNotificationsLeaveReplayAndHistory() throws Exception {
        TestHerald h = start();
        h.notify("{\"message\":\"short\",\"ttl\":1}");
        h.notify("{\"message\":\"long\"}");
        assertThat(history(h, "")).containsExactly("short", "long");
        Thread.sleep(1300);
        assertThat(history(h, "")).containsExactly("long");
        try (SseClient sse = h.connect("/events?lastEventId=0")) {
            sse.awaitHello();
            assertThat(sse.drain(Duration.ofMillis(800))).filteredOn(SseEvent::isMessage)
                    .extracting(e -> JSON.readTree(e.data()).get("message").asText()).containsExactly("long");
        }
    }

    @Test
    void subscribersCannotRetract() throws Exception {
        TestHerald h = start();
        long id = h.publish("{\"message\":\"x\"}");
        var res = TestHerald.send(java.net.http.HttpRequest.newBuilder(h.uri("/notifications/" + id))
                .header("X-Forwarded-For", "203.0.113.9").DELETE().build());
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(history(h, "")).containsExactly("x");
    }
}
