package dev.herald.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop turns readiness DOWN before it ends the streams, so a balancer polling readiness stops sending new
 * clients first; with herald.shutdown.delay the streams stay open and publishes are taken meanwhile.
 */
class DrainingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readinessIsDownWhileStreamsStillRunDuringTheDelay() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.shutdown.delay", "3s"))) {
            assertThat(h.get("/observe/health/ready").statusCode()).isEqualTo(200);
            try (SseClient stream = h.connect("/events?topic=ops")) {
                stream.awaitHello();
                CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> h.server().close());
                HttpResponse<String> ready = awaitReadyStatus(h, 503);
                assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("DOWN");
                assertThat(ready.body()).contains("\"name\":\"shutdown\"");
                assertThat(h.get("/observe/health/live").statusCode()).as("liveness stays UP").isEqualTo(200);

                // Draining: the open stream still gets what is published, and stays open.
                assertThat(h.notify("{\"message\":\"while draining\"}").statusCode()).isEqualTo(202);
                assertThat(stream.messages(1, Duration.ofSeconds(5)).getFirst().data()).contains("while draining");
                assertThat(stream.ended()).isFalse();

                stop.get();
                assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("streams end after the delay").isTrue();
            }
        }
    }

    @Test
    void withoutADelayReadinessIsDownOnceTheHubStops() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of())) {
            h.server().hub().close(); // the stop's step that ends the streams; the web server still answers
            HttpResponse<String> ready = h.get("/observe/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        }
    }

    @Test
    void aBadDelayStopsTheStartNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestHerald.start(Map.of("herald.shutdown.delay", "-1s")))
                .hasMessageContaining("herald.shutdown.delay");
    }

    private static HttpResponse<String> awaitReadyStatus(TestHerald h, int status) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        HttpResponse<String> res = h.get("/observe/health/ready");
        while (res.statusCode() != status && System.nanoTime() < until) {
            Thread.sleep(20);
            res = h.get("/observe/health/ready");
        }
        assertThat(res.statusCode()).as("readiness during the stop: " + res.body()).isEqualTo(status);
        return res;
    }
}
