package dev.herald.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /observe/health reports the event log; /observe/metrics exposes the hub counters for Prometheus. */
class ObserveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static double metric(String text, String name, String node) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("node=\"" + node + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing in\n" + text));
    }

    @Test
    void healthIncludesTheEventLogAndGoesDownWhenItCloses() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            var res = h.get("/observe/health");
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode check = JSON.readTree(res.body()).get("checks").get(0);
            assertThat(check.get("name").asText()).isEqualTo("eventLog");
            assertThat(check.get("status").asText()).isEqualTo("UP");
            assertThat(check.get("data").get("store").asText()).isEqualTo("sqlite");
            // The API port answers anyone: the store's place (a path here, Redis's address) is not theirs to know.
            String dataDir = h.dataDir().toAbsolutePath().toString();
            assertThat(res.body()).doesNotContain(dataDir);

            h.server().log().close();
            var down = h.get("/observe/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("DOWN").doesNotContain(dataDir);
            assertThat(JSON.readTree(down.body()).get("checks").get(0).get("data").get("store").asText())
                    .isEqualTo("sqlite: down (the server log says why)");
            // The log is a readiness check: a store outage takes the node out of rotation, not restarts it
            // (the README said live and ready answered the same way).
            assertThat(h.get("/observe/health/ready").statusCode()).isEqualTo(503);
            var live = h.get("/observe/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(live.body()).get("checks")).isEmpty();
            // A notify that cannot be stored is refused, never acknowledged.
            var refused = h.notify("{\"message\":\"lost?\"}");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("store_unavailable");
        }
    }

    @Test
    void metricsCountClientsPublishesDeliveriesReplaysAndDrops() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.store", "memory"))) {
            String node = h.server().hub().nodeId();
            try (SseClient a = h.connect("/events"); SseClient b = h.connect("/events")) {
                a.awaitHello();
                b.awaitHello();
                h.notify("{\"message\":\"one\"}");
                h.notify("{\"message\":\"two\"}");
                a.messages(2, Duration.ofSeconds(5));
                b.messages(2, Duration.ofSeconds(5));
                try (SseClient c = h.connect("/events?lastEventId=0")) {
                    c.awaitHello();
                    c.messages(2, Duration.ofSeconds(5));
                    String text = h.get("/observe/metrics").body();
                    assertThat(metric(text, "herald_connected_clients", node)).isEqualTo(3);
                    assertThat(metric(text, "herald_notifications_published_total", node)).isEqualTo(2);
                    assertThat(metric(text, "herald_deliveries_total", node)).isEqualTo(6);
                    assertThat(metric(text, "herald_replayed_events_total", node)).isEqualTo(2);
                    assertThat(metric(text, "herald_dropped_clients_total", node)).isZero();
                    assertThat(metric(text, "herald_connections_total", node)).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void aSeparateObservePortAnswersHealthAndMetricsAndTheApiPortNoLonger() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.observe.port", "0"))) {
            String observe = h.server().observeAddress();
            assertThat(observe).startsWith("http://127.0.0.1:").isNotEqualTo("http://127.0.0.1:" + h.port());
            var health = TestHerald.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(observe + "/observe/health")).build());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("eventLog").contains("UP")
                    .as("the private listener names the store").contains(h.dataDir().toAbsolutePath().toString());
            var metrics = TestHerald.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(observe + "/observe/metrics")).build());
            assertThat(metrics.body()).contains("herald_connected_clients")
                    .as("the JVM's own meters too").contains("memory_usedHeap").contains("thread_count");
            var head = TestHerald.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(observe + "/observe/metrics"))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).as("HEAD where GET answers").isEqualTo(200);
            var onApi = h.get("/observe/health");
            assertThat(onApi.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(onApi.body()).get("error").asText()).isEqualTo("not_found");
            // A wrong path on the observe listener gets the same code as anywhere else (not Helidon's http_error).
            var unknown = TestHerald.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(observe + "/observe/nope")).build());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("not_found");
            assertThat(JSON.readTree(unknown.body()).get("detail").asText()).isEqualTo("no such resource: /observe/nope");
            assertThat(h.notify("{\"message\":\"api still works\"}").statusCode()).isEqualTo(202);
        }
    }

    // With the observe listener apart, /observe/health/ on the API port was told to try /observe/health, another
    // 404 there (and /notify/batch/ on the observe port to try /notify/batch): the hint names a path of the listener that answered.
    @Test
    void theTrailingSlashHintNamesOnlyAPathOfTheListenerThatAnswered() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.observe.port", "0"))) {
            String observe = h.server().observeAddress();
            assertThat(detail(h.get("/observe/health/"))).isEqualTo("no such resource: /observe/health/");
            assertThat(detail(h.post("/notify/batch/", "application/json", "[]"))).as("the API's own paths still get it")
                    .isEqualTo("no such resource: /notify/batch/ (Herald's paths take no trailing slash: /notify/batch)");
            assertThat(detail(TestHerald.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(observe + "/notify/batch/"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]")).build())))
                    .isEqualTo("no such resource: /notify/batch/");
            assertThat(detail(TestHerald.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(observe + "/index.html/")).build()))).isEqualTo("no such resource: /index.html/");
            assertThat(detail(TestHerald.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(observe + "/observe/health/live/")).build())))
                    .isEqualTo("no such resource: /observe/health/live/ (Herald's paths take no trailing slash: /observe/health/live)");
        }
    }

    private static String detail(java.net.http.HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(404);
        return JSON.readTree(res.body()).get("detail").asText();
    }

    @Test
    void aBadObservePortIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestHerald.start(Map.of("herald.observe.port", "http")))
                .hasStackTraceContaining("herald.observe.port must be a port number");
    }
}
