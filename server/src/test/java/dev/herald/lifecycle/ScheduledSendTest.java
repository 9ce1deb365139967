package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.notify.NotificationRequest;
import dev.herald.support.Closer;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /notify with at/delay: stored as scheduled, sent when due (also after a restart), cancellable. */
class ScheduledSendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final Closer closer = new Closer();

    private TestHerald start() {
        return closer.add(TestHerald.start());
    }

    static JsonNode json(HttpResponse<String> res) throws Exception {
        return JSON.readTree(res.body());
    }

    @Test
    void delayedNotificationIsListedThenDeliveredOnTimeAndLinkedToItsLogId() throws Exception {
        TestHerald h = start();
        try (SseClient sse = h.connect("/events")) {
            sse.awaitHello();
            Instant before = Instant.now();
            var res = h.notify("{\"message\":\"later\",\"delay\":\"2s\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            JsonNode accepted = json(res);
            String id = accepted.get("id").asText();
            assertThat(id).startsWith("s-");
            assertThat(accepted.get("status").asText()).isEqualTo("scheduled");
            Instant due = Instant.parse(accepted.get("due").asText());
            assertThat(Duration.between(before, due).toMillis()).isBetween(1500L, 2500L);

            JsonNode listed = json(h.get("/admin/scheduled"));
            assertThat(listed.get("count").asInt()).isEqualTo(1);
            assertThat(listed.get("scheduled").get(0).get("id").asText()).isEqualTo(id);
            assertThat(listed.get("scheduled").get(0).get("eventId").isNull()).as("no log id before it is sent").isTrue();
            assertThat(listed.get("scheduled").get(0).get("notification").get("message").asText()).isEqualTo("later");
            assertThat(sse.drain(Duration.ofMillis(800))).noneMatch(SseEvent::isMessage);

            SseEvent sent = sse.messages(1, Duration.ofSeconds(10)).getFirst();
            Instant arrived = Instant.now();
            assertThat(Duration.between(due, arrived).abs().toMillis()).as("delivered at its due time ±1 s")
                    .isLessThanOrEqualTo(1000);
            JsonNode n = JSON.readTree(sent.data());
            assertThat(n.get("message").asText()).isEqualTo("later");
            assertThat(n.get("scheduled").asText()).isEqualTo(id);

            assertThat(json(h.get("/admin/scheduled")).get("count").asInt()).isZero();
            JsonNode all = json(h.get("/admin/scheduled?all=true")).get("scheduled").get(0);
            assertThat(all.get("status").asText()).isEqualTo("sent");
            assertThat(all.get("eventId").asLong()).isEqualTo(Long.parseLong(sent.id()));
        }
    }

    @Test
    void atTimeSurvivesARestartAndOverdueOnesGoOutAtOnce() throws Exception {
        TestHerald h = start();
        Instant at = Instant.now().plusSeconds(3);
        var res = h.notify("{\"message\":\"after restart\",\"topic\":\"ops\",\"at\":\""
                + NotificationRequest.TIME.format(at) + "\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        var overdue = h.notify("{\"message\":\"overdue\",\"delay\":\"1s\"}");
        assertThat(overdue.statusCode()).isEqualTo(202);
        h.server().close();
        Thread.sleep(1500); // "overdue" falls due while the server is down
        h.restart();
        try (SseClient sse = h.connect("/events?topic=ops&lastEventId=0")) {
            sse.awaitHello();
            List<SseEvent> got = sse.messages(2, Duration.ofSeconds(15));
            Instant arrived = Instant.now();
            assertThat(got).extracting(e -> JSON.readTree(e.data()).get("message").asText())
                    .containsExactly("overdue", "after restart");
            assertThat(Duration.between(at, arrived).abs().toMillis()).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void finishedOnesOlderThanThirtyDaysAreDroppedAtStart() throws Exception {
        TestHerald h = start();
        String waiting = json(h.notify("{\"message\":\"tomorrow\",\"delay\":\"1d\"}")).get("id").asText();
        String sent = json(h.notify("{\"message\":\"soon\",\"delay\":\"500ms\"}")).get("id").asText(); // the newest id
        await().atMost(Duration.ofSeconds(10)).until(() -> json(h.get("/admin/scheduled")).get("count").asInt() == 1);
        h.server().close();
        // As if "soon" had gone out 31 days ago.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + h.dataDir().resolve("scheduled.db"));
             PreparedStatement ps = db.prepareStatement("UPDATE scheduled SET due_ms = due_ms - ? WHERE status = 'SENT'")) {
            ps.setLong(1, Duration.ofDays(31).toMillis());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        h.restart();
        JsonNode all = json(h.get("/admin/scheduled?all=true"));
        assertThat(all.get("scheduled")).extracting(n -> n.get("id").asText()).containsExactly(waiting);
        assertThat(h.delete("/notifications/" + sent).statusCode()).isEqualTo(404);
        String next = json(h.notify("{\"message\":\"next\",\"delay\":\"1d\"}")).get("id").asText();
        assertThat(next).as("its id is not given out again").isNotEqualTo(sent);
    }

    @Test
    void cancelledBeforeItIsDueIsNeverSent() throws Exception {
        TestHerald h = start();
        String id = json(h.notify("{\"message\":\"never\",\"delay\":\"2s\"}")).get("id").asText();
        var cancel = h.delete("/notifications/" + id);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).get("status").asText()).isEqualTo("cancelled");
        assertThat(json(h.get("/admin/scheduled")).get("count").asInt()).isZero();
        Thread.sleep(3000);
        assertThat(json(h.get("/notifications")).get("count").asInt()).isZero();
        assertThat(h.delete("/notifications/s-999").statusCode()).isEqualTo(404);
        // Cancelled twice: still cancelled, nothing else happens.
        assertThat(json(h.delete("/notifications/" + id)).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void badSchedulesAreRefusedWithJsonErrors() throws Exception {
        TestHerald h = start();
        String past = NotificationRequest.TIME.format(Instant.now().minusSeconds(60));
        String far = NotificationRequest.TIME.format(Instant.now().plus(Duration.ofDays(400)));
        for (String body : List.of(
                "{\"message\":\"x\",\"at\":\"" + past + "\"}",
                "{\"message\":\"x\",\"at\":\"" + far + "\"}",
                "{\"message\":\"x\",\"delay\":\"400d\"}",
                "{\"message\":\"x\",\"at\":\"tomorrow\"}",
                "{\"message\":\"x\",\"at\":\"2030-01-01T00:00:00\"}",
                "{\"message\":\"x\",\"delay\":\"soon\"}",
                "{\"message\":\"x\",\"delay\":\"0s\"}",
                "{\"message\":\"x\",\"delay\":30}",
                "{\"message\":\"x\",\"delay\":\"10s\",\"at\":\"" + far + "\"}",
                "{\"delay\":\"10s\"}")) {
            var res = h.notify(body);
            assertThat(res.statusCode()).as(body + " -> " + res.body()).isEqualTo(400);
            assertThat(json(res).get("error").asText()).isNotBlank();
            assertThat(json(res).get("detail").asText()).isNotBlank();
        }
        assertThat(json(h.get("/admin/scheduled")).get("count").asInt()).isZero();
    }
}
