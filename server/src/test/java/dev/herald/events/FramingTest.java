package dev.herald.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** No value a publisher sends can break the SSE framing: no forged events, ids or extra messages. */
class FramingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void newlinesAndFieldNamesInsideValuesStayInsideOneDataLine() throws Exception {
        try (TestHerald h = TestHerald.start(); SseClient c = h.connect("/events")) {
            c.awaitHello();
            String evil = "a\n\nevent: x\ndata: forged\nid: 999999\r\rretry: 1\r\n\r\n:comment";
            var body = JSON.createObjectNode();
            body.put("message", evil);
            body.putArray("tags").add("t\u2028ag").add("event: y");
            body.put("url", "https://example.com/?q=%0A%0Aevent:%20x");
            assertThat(h.notify(body.toString()).statusCode()).isEqualTo(202);
            assertThat(h.notify("{\"message\":\"after\"}").statusCode()).isEqualTo(202);

            List<SseEvent> events = c.drain(Duration.ofSeconds(2));
            assertThat(events).allMatch(SseEvent::isMessage);
            assertThat(events).hasSize(2);
            assertThat(JSON.readTree(events.get(0).data()).get("message").asText()).isEqualTo(evil);
            assertThat(JSON.readTree(events.get(0).data()).get("tags").get(1).asText()).isEqualTo("event: y");
            assertThat(JSON.readTree(events.get(1).data()).get("message").asText()).isEqualTo("after");
            assertThat(events).extracting(SseEvent::id).doesNotContain("999999");
            assertThat(c.retry()).isEqualTo(3000L);
            assertThat(c.rawLines()).filteredOn(l -> l.startsWith("data:")).hasSize(3); // hello + 2
        }
    }

    @Test
    void topicListInHelloIsJsonEvenForOddButValidNames() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of()); SseClient c = h.connect("/events?topic=a.b:c-d_e")) {
            var hello = JSON.readTree(c.awaitHello().data());
            assertThat(hello.get("topics").toString()).isEqualTo("[\"a.b:c-d_e\",\"all\"]");
        }
    }
}
