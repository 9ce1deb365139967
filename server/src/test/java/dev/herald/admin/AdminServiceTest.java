package dev.herald.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AdminServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(Map.of("herald.store", "memory", "herald.events.heartbeat", "500ms"));

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> res = herald.get(path);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        return JSON.readTree(res.body());
    }

    private static SseEvent nextNamed(SseClient c, String name, Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            SseEvent e = c.next(Duration.ofMillis(500));
            if (e != null && name.equals(e.event()) && match.test(JSON.readTree(e.data()))) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event matched within 15s");
    }

    @Test
    void statsCountClientsPerTopicAndNotifications() throws Exception {
        try (SseClient a = herald.connect("/events?topic=stats-news");
             SseClient b = herald.connect("/events?topic=stats-news,stats-ops")) {
            a.awaitHello();
            b.awaitHello();
            assertThat(herald.notify("{\"message\":\"hi\",\"topic\":\"stats-news\"}").statusCode()).isEqualTo(202);
            a.messages(1, Duration.ofSeconds(10));
            JsonNode stats = getJson("/admin/stats");
            assertThat(stats.get("topics").get("stats-news").asInt()).isEqualTo(2);
            assertThat(stats.get("topics").get("stats-ops").asInt()).isEqualTo(1);
            assertThat(stats.get("connected").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(stats.get("notifications").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(stats.get("perMinute").get("notifications").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(stats.get("limits").get("message").asInt()).isEqualTo(4096);
            assertThat(stats.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(stats.get("history").isArray()).isTrue();
        }
    }

    @Test
    void statsListTheBusiestHundredTopicsAndCountThemAll() throws Exception {
        // 5 streams x 30 topics: 150 topics with one stream each, plus "busy-0".."busy-4" held by all 5.
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int s = 0; s < 5; s++) {
                StringBuilder q = new StringBuilder("busy-0,busy-1,busy-2,busy-3,busy-4");
                for (int t = 0; t < 25; t++) {
                    q.append(",cap-").append(s).append('-').append(t);
                }
                SseClient c = herald.connect("/events?topic=" + q);
                streams.add(c);
                c.awaitHello();
            }
            JsonNode stats = getJson("/admin/stats");
            JsonNode topics = stats.get("topics");
            assertThat(topics.size()).isEqualTo(StatsSnapshots.LISTED);
            assertThat(stats.get("topicCount").asInt()).as("all, busy-*, cap-*").isGreaterThanOrEqualTo(1 + 5 + 125);
            assertThat(topics.get("all").asInt()).isGreaterThanOrEqualTo(5);
            for (int b = 0; b < 5; b++) {
                assertThat(topics.get("busy-" + b).asInt()).as("the busiest are kept").isEqualTo(5);
            }
            assertThat(stats.get("userCount").asInt()).as("few users: all listed").isEqualTo(stats.get("users").size());
            assertThat(stats.at("/cluster/totals/topics").size()).as("the cluster part too").isEqualTo(StatsSnapshots.LISTED);
            assertThat(stats.at("/cluster/nodes/0/topics").size()).isEqualTo(StatsSnapshots.LISTED);
            assertThat(JSON.readTree(herald.get("/cluster").body()).at("/totals/topics").size())
                    .as("GET /cluster lists every topic").isEqualTo(stats.get("topicCount").asInt());
        } finally {
            for (SseClient c : streams) {
                c.close();
            }
        }
    }

    @Test
    void streamSendsStatsAndClientEventsAndIsNotCountedAsAClient() throws Exception {
        // Its own server, so the counts are exact: the operator's stream must not count as a client.
        try (TestHerald own = TestHerald.start(Map.of("herald.store", "memory", "herald.events.heartbeat", "500ms"));
             SseClient admin = own.connect("/admin/stats/stream")) {
            nextNamed(admin, "stats", n -> n.get("connected").asInt() == 0);
            assertThat(admin.retry()).isEqualTo(3000L);
            String id;
            try (SseClient client = own.connect("/events?topic=stream-topic")) {
                id = client.awaitConnection();
                SseEvent connected = nextNamed(admin, "client-connected", n -> n.get("id").asText().equals(id));
                assertThat(JSON.readTree(connected.data()).get("topics").toString()).contains("stream-topic");
                nextNamed(admin, "stats", n -> n.get("connected").asInt() == 1
                        && n.get("topics").path("stream-topic").asInt() == 1);
            }
            SseEvent gone = nextNamed(admin, "client-disconnected", n -> n.get("id").asText().equals(id));
            assertThat(JSON.readTree(gone.data()).get("reason").asText()).isEqualTo("client-gone");
            nextNamed(admin, "stats", n -> n.get("connected").asInt() == 0 && !n.get("topics").has("stream-topic"));
        }
    }

    @Test
    void streamSaysWhenTheScheduledNotificationsChange() throws Exception {
        // Its own server: no other test's schedules in the pending count.
        try (TestHerald own = TestHerald.start(Map.of("herald.store", "memory", "herald.events.heartbeat", "500ms"));
             SseClient admin = own.connect("/admin/stats/stream")) {
            nextNamed(admin, "scheduled", n -> n.get("pending").asInt() == 0);
            HttpResponse<String> scheduled = own.notify("{\"message\":\"later\",\"delay\":\"1h\"}");
            assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(202);
            nextNamed(admin, "scheduled", n -> n.get("pending").asInt() == 1);
            String id = JSON.readTree(scheduled.body()).get("id").asText();
            assertThat(own.delete("/notifications/" + id).statusCode()).isEqualTo(200);
            nextNamed(admin, "scheduled", n -> n.get("pending").asInt() == 0);
            assertThat(own.notify("{\"message\":\"soon\",\"delay\":\"3s\"}").statusCode()).isEqualTo(202);
            nextNamed(admin, "scheduled", n -> n.get("pending").asInt() == 1);
            nextNamed(admin, "scheduled", n -> n.get("pending").asInt() == 0); // sent (one scheduled and sent between two ticks is seen by latestId alone)
        }
    }

    @Test
    void statsCountConnectionsPerSignedInUser() throws Exception {
        HttpResponse<String> minted = herald.post("/admin/tokens", "application/json", "{\"user\":\"alice\"}");
        assertThat(minted.statusCode()).as(minted.body()).isIn(200, 201);
        String token = JSON.readTree(minted.body()).get("token").asText();
        try (SseClient one = herald.connect("/events?token=" + token);
             SseClient two = herald.connect("/events?token=" + token)) {
            one.awaitHello();
            two.awaitHello();
            assertThat(getJson("/admin/stats").get("users").get("alice").asInt()).isEqualTo(2);
            JsonNode client = null;
            for (JsonNode c : getJson("/admin/clients").get("clients")) {
                if ("alice".equals(c.path("user").asText(null))) {
                    client = c;
                }
            }
            assertThat(client).as("alice's connection in /admin/clients").isNotNull();
        }
    }

    @Test
    void listsAndDisconnectsClients() throws Exception {
        try (SseClient client = herald.connect("/events?topic=kick-me", Map.of("User-Agent", "KickTest/1.0"))) {
            String id = client.awaitConnection();
            JsonNode found = null;
            for (JsonNode c : getJson("/admin/clients").get("clients")) {
                if (c.get("id").asText().equals(id)) {
                    found = c;
                }
            }
            assertThat(found).isNotNull();
            assertThat(found.get("userAgent").asText()).isEqualTo("KickTest/1.0");
            assertThat(found.get("topics").toString()).contains("kick-me").contains("all");
            assertThat(found.get("remoteAddress").asText()).isNotBlank();
            assertThat(found.get("queueDepth").asInt()).isZero();
            assertThat(found.get("connectedAt").asText()).endsWith("Z");

            HttpResponse<String> del = herald.delete("/admin/clients/" + id);
            assertThat(del.statusCode()).isEqualTo(204);
            assertThat(client.awaitEnd(Duration.ofSeconds(10))).isTrue();
            HttpResponse<String> again = herald.delete("/admin/clients/" + id);
            assertThat(again.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(again.body()).get("error").asText()).isEqualTo("unknown_client");
        }
    }

    @Test
    void historyHasRecipientsAndDeliveredCounts() throws Exception {
        try (SseClient a = herald.connect("/events?topic=hist-x");
             SseClient b = herald.connect("/events?topic=hist-x")) {
            a.awaitHello();
            b.awaitHello();
            HttpResponse<String> sent = herald.notify("{\"message\":\"counted\",\"topic\":\"hist-x\"}");
            long id = JSON.readTree(sent.body()).get("id").asLong();
            a.messages(1, Duration.ofSeconds(10));
            b.messages(1, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode n = find(getJson("/admin/notifications?limit=100"), id);
                assertThat(n.get("message").asText()).isEqualTo("counted");
                assertThat(n.get("recipients").asInt()).isEqualTo(2);
                assertThat(n.get("delivered").asInt()).isEqualTo(2);
            });
        }
    }

    @Test
    void historyPagesForwardWithAfterAndBackWithBefore() throws Exception {
        long first = 0;
        for (int i = 0; i < 5; i++) {
            long id = JSON.readTree(herald.notify("{\"message\":\"page " + i + "\",\"topic\":\"paging\"}").body()).get("id").asLong();
            first = i == 0 ? id : first;
        }
        JsonNode forward = getJson("/admin/notifications?after=" + first + "&limit=2");
        assertThat(forward.get("notifications").findValuesAsText("id")).as("the two after it, oldest first")
                .containsExactly(String.valueOf(first + 1), String.valueOf(first + 2));
        assertThat(forward.get("hasMore").asBoolean()).isTrue();
        JsonNode last = getJson("/admin/notifications?after=" + (first + 3) + "&limit=2");
        assertThat(last.get("notifications").findValuesAsText("id")).containsExactly(String.valueOf(first + 4));
        assertThat(last.get("hasMore").asBoolean()).as("forward paging ends").isFalse();
        JsonNode back = getJson("/admin/notifications?before=" + (first + 3) + "&limit=2");
        assertThat(back.get("notifications").findValuesAsText("id"))
                .containsExactly(String.valueOf(first + 1), String.valueOf(first + 2));
        HttpResponse<String> both = herald.get("/admin/notifications?after=1&before=5");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(both.body()).get("error").asText()).isEqualTo("invalid_query");
    }

    @Test
    void badInputGetsJsonErrors() throws Exception {
        HttpResponse<String> res = herald.get("/admin/notifications?limit=0");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).get("error").asText()).isEqualTo("invalid_query");
        HttpResponse<String> nope = herald.get("/admin/clients/whatever");
        assertThat(nope.statusCode()).isEqualTo(405);
    }

    @Test
    void operatorTokenGuardsEveryAdminRoute() throws Exception {
        String hash = dev.herald.auth.OperatorTokens.hash("admin-test-token");
        try (TestHerald secured = TestHerald.start(Map.of("herald.store", "memory", "herald.auth.operators", hash))) {
            for (String path : new String[]{"/admin/stats", "/admin/stats/stream", "/admin/clients", "/admin/notifications"}) {
                HttpResponse<String> anonymous = secured.get(path);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(JSON.readTree(anonymous.body()).get("error").asText()).isEqualTo("token_required");
            }
            HttpResponse<String> ok = TestHerald.send(HttpRequest.newBuilder(secured.uri("/admin/stats"))
                    .header("Authorization", "Bearer admin-test-token").GET().build());
            assertThat(ok.statusCode()).isEqualTo(200);
            try (SseClient stream = secured.connect("/admin/stats/stream",
                    Map.of("Authorization", "Bearer admin-test-token"))) {
                nextNamed(stream, "stats", n -> n.has("connected"));
            }
        }
    }

    private static JsonNode find(JsonNode page, long id) {
        for (JsonNode n : page.get("notifications")) {
            if (n.get("id").asLong() == id) {
                return n;
            }
        }
        throw new AssertionError("notification " + id + " not in " + page);
    }
}
