package dev.herald.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Last-Event-ID replay: after a disconnect, across a restart, and past retention (reset). */
class ReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long publish(TestHerald h, String message) {
        return h.publish("{\"message\":\"" + message + "\"}");
    }

    private static List<String> messages(List<SseEvent> events) {
        return events.stream().map(e -> {
            try {
                return JSON.readTree(e.data()).get("message").asText();
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }).toList();
    }

    @Test
    void helloNamesTheLogSoAClientCanTellItStartedOver() throws Exception {
        String first;
        try (TestHerald h = TestHerald.start()) {
            try (SseClient c = h.connect("/events")) {
                first = JSON.readTree(c.awaitHello().data()).get("log").asText();
            }
            assertThat(first).isNotBlank();
            h.restart(); // same SQLite file: the same log
            try (SseClient c = h.connect("/events")) {
                assertThat(JSON.readTree(c.awaitHello().data()).get("log").asText()).isEqualTo(first);
            }
        }
        try (TestHerald wiped = TestHerald.start(); SseClient c = wiped.connect("/events")) { // a new data directory
            assertThat(JSON.readTree(c.awaitHello().data()).get("log").asText()).isNotBlank().isNotEqualTo(first);
        }
    }

    @Test
    void thousandMissedEventsComeBackInOrderWithoutDuplicatesThenLiveContinues() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            long last;
            try (SseClient c = h.connect("/events")) {
                c.awaitHello();
                publish(h, "before");
                last = Long.parseLong(c.messages(1, Duration.ofSeconds(5)).getFirst().id());
            }
            for (int i = 0; i < 1000; i++) {
                publish(h, "missed-" + i);
            }
            try (SseClient c = h.connect("/events", Map.of("Last-Event-ID", String.valueOf(last)))) {
                c.awaitHello();
                // Publish concurrently with the replay: the hand-over from replay to live must not gap or dup.
                try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
                    Future<?> live = pool.submit(() -> IntStream.range(0, 50).forEach(i -> publish(h, "live-" + i)));
                    List<SseEvent> got = c.messages(1050, Duration.ofSeconds(30));
                    live.get();
                    List<Long> ids = got.stream().map(e -> Long.parseLong(e.id())).toList();
                    assertThat(ids).isSorted().doesNotHaveDuplicates();
                    assertThat(ids.getFirst()).isEqualTo(last + 1);
                    List<String> msgs = messages(got);
                    assertThat(msgs.subList(0, 1000)).containsExactlyElementsOf(
                            IntStream.range(0, 1000).mapToObj(i -> "missed-" + i).toList());
                    assertThat(msgs.subList(1000, 1050)).containsExactlyElementsOf(
                            IntStream.range(0, 50).mapToObj(i -> "live-" + i).toList());
                }
                assertThat(c.drain(Duration.ofMillis(500))).filteredOn(SseEvent::isMessage).isEmpty();
            }
            assertThat(h.server().hub().stats().replayed()).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void lastEventIdQueryParameterWorksForClientsThatCannotSetHeaders() {
        try (TestHerald h = TestHerald.start()) {
            long first = publish(h, "one");
            publish(h, "two");
            publish(h, "three");
            try (SseClient c = h.connect("/events?lastEventId=" + first)) {
                c.awaitHello();
                assertThat(messages(c.messages(2, Duration.ofSeconds(5)))).containsExactly("two", "three");
            }
        }
    }

    @Test
    void replayWorksAcrossARestartAndIdsKeepIncreasing() {
        try (TestHerald h = TestHerald.start()) {
            long a = publish(h, "a");
            long b = publish(h, "b");
            h.restart();
            long c = publish(h, "c");
            assertThat(c).isGreaterThan(b);
            try (SseClient client = h.connect("/events", Map.of("Last-Event-ID", String.valueOf(a)))) {
                client.awaitHello();
                assertThat(messages(client.messages(2, Duration.ofSeconds(5)))).containsExactly("b", "c");
            }
        }
    }

    @Test
    void idOlderThanRetentionGetsResetFirstThenWhatRemains() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.retention.count", "10"))) {
            long first = publish(h, "m0");
            for (int i = 1; i < 30; i++) {
                publish(h, "m" + i);
            }
            h.server().log().prune(java.time.Instant.now());
            try (SseClient c = h.connect("/events", Map.of("Last-Event-ID", String.valueOf(first)))) {
                c.awaitHello();
                SseEvent reset = c.next(Duration.ofSeconds(5));
                assertThat(reset.event()).isEqualTo("reset");
                assertThat(JSON.readTree(reset.data()).get("reason").asText()).isEqualTo("retention");
                assertThat(reset.id()).isNull();
                assertThat(messages(c.messages(10, Duration.ofSeconds(5))))
                        .containsExactlyElementsOf(IntStream.range(20, 30).mapToObj(i -> "m" + i).toList());
            }
            // An id from the future (log wiped, or another hub's id): reset, then everything retained.
            try (SseClient c = h.connect("/events", Map.of("Last-Event-ID", "999999"))) {
                c.awaitHello();
                SseEvent reset = c.next(Duration.ofSeconds(5));
                assertThat(reset.event()).isEqualTo("reset");
                assertThat(JSON.readTree(reset.data()).get("reason").asText()).isEqualTo("unknown-id");
                assertThat(c.messages(10, Duration.ofSeconds(5))).hasSize(10);
            }
        }
    }

    @Test
    void upToDateClientGetsNoResetAndNoReplay() {
        try (TestHerald h = TestHerald.start()) {
            long id = publish(h, "x");
            try (SseClient c = h.connect("/events", Map.of("Last-Event-ID", String.valueOf(id)))) {
                c.awaitHello();
                assertThat(c.drain(Duration.ofMillis(500))).isEmpty();
            }
        }
    }

    // An EventSource opened with ?lastEventId=1 reconnects to the same URL with the header of the last id it saw:
    // the header must win, or every reconnect would replay from the first connect's id again.
    @Test
    void theLastEventIdHeaderWinsOverTheQueryParameter() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            publish(h, "one");
            publish(h, "two");
            long three = publish(h, "three");
            try (SseClient c = h.connect("/events?lastEventId=1", java.util.Map.of("Last-Event-ID", String.valueOf(three - 1)))) {
                c.awaitHello();
                assertThat(messages(c.messages(1, java.time.Duration.ofSeconds(5)))).containsExactly("three");
                assertThat(c.drain(java.time.Duration.ofMillis(300))).isEmpty();
            }
        }
    }
}
