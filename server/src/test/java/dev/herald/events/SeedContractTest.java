package dev.herald.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The original contract: POST {"message":"Hello"} and every open stream gets it as a plain message. */
class SeedContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass();

    @Test
    void helloReachesEveryOpenStreamAsAnUnnamedMessageWithIdAndIsoTime() throws Exception {
        try (SseClient a = herald.connect("/events"); SseClient b = herald.connect("/events")) {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(a.response().headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(a.response().headers().firstValue("X-Accel-Buffering")).hasValue("no");
            SseEvent hello = a.awaitHello();
            b.awaitHello();
            assertThat(JSON.readTree(hello.data()).get("connection").asText()).isNotBlank();
            assertThat(a.retry()).isEqualTo(3000L);

            // Streams closed by other tests are gone at once (DisconnectWatcher), so the count is exact.
            await().atMost(Duration.ofSeconds(5)).until(() -> herald.server().hub().stats().connected() == 2);
            Instant before = Instant.now().minusSeconds(1);
            HttpResponse<String> res = herald.post("/notify", "application/json", "{\"message\":\"Hello\"}");
            assertThat(res.statusCode()).isEqualTo(202);
            JsonNode ack = JSON.readTree(res.body());
            assertThat(ack.get("id").asLong()).isPositive();
            assertThat(ack.get("recipients").asInt()).isEqualTo(2);

            for (SseClient c : List.of(a, b)) {
                SseEvent e = c.messages(1, Duration.ofSeconds(5)).getFirst();
                assertThat(e.event()).isNull();
                assertThat(e.id()).isEqualTo(ack.get("id").asText());
                JsonNode data = JSON.readTree(e.data());
                assertThat(data.get("message").asText()).isEqualTo("Hello");
                Instant time = Instant.parse(data.get("time").asText());
                assertThat(data.get("time").asText()).endsWith("Z").isEqualTo(ack.get("time").asText());
                assertThat(time).isAfter(before).isBefore(Instant.now().plusSeconds(1));
                // The seed's two fields come first, as the seed wrote them.
                assertThat(e.data()).startsWith("{\"message\":\"Hello\",\"time\":\"");
            }
            // No event: line ever precedes a notification (plain EventSource.onmessage must see it).
            assertThat(a.rawLines()).noneMatch(l -> l.startsWith("event:") && !l.equals("event: hello"));
        }
    }

    @Test
    void charsetParameterAndExtraFieldsAreAccepted() throws Exception {
        try (SseClient a = herald.connect("/events")) {
            a.awaitHello();
            HttpResponse<String> res = herald.post("/notify", "application/json; charset=utf-8",
                    "{\"message\":\"Déploiement ✓\",\"title\":\"Deploy\",\"level\":\"success\",\"tags\":[\"ci\"],"
                            + "\"url\":\"https://example.com/build/1\",\"ttl\":3600}");
            assertThat(res.statusCode()).isEqualTo(202);
            JsonNode data = JSON.readTree(a.messages(1, Duration.ofSeconds(5)).getFirst().data());
            assertThat(data.get("message").asText()).isEqualTo("Déploiement ✓");
            assertThat(data.get("title").asText()).isEqualTo("Deploy");
            assertThat(data.get("level").asText()).isEqualTo("success");
            assertThat(data.get("tags").get(0).asText()).isEqualTo("ci");
            assertThat(data.get("url").asText()).isEqualTo("https://example.com/build/1");
            assertThat(data.get("ttl").asInt()).isEqualTo(3600);
            assertThat(Instant.parse(data.get("expires").asText()))
                    .isEqualTo(Instant.parse(data.get("time").asText()).plusSeconds(3600));
        }
    }
}
