package dev.herald.events;

import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Counts stay exact: clients that leave are removed promptly; heartbeats are sent on idle streams. */
class DisconnectTest {

    @Test
    void closedClientIsRemovedAtOnceEvenWithALongHeartbeat() {
        try (TestHerald h = TestHerald.start(Map.of("herald.events.heartbeat", "60s"))) {
            SseClient a = h.connect("/events");
            SseClient b = h.connect("/events");
            a.awaitHello();
            b.awaitHello();
            assertThat(h.server().hub().stats().connected()).isEqualTo(2);
            a.close();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().hub().stats().connected() == 1);
            b.close();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().hub().stats().connected() == 0);
        }
    }

    @Test
    void abruptlyResetSocketIsRemovedToo() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.events.heartbeat", "60s"))) {
            Socket s = new Socket("127.0.0.1", h.port());
            OutputStream out = s.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().hub().stats().connected() == 1);
            s.setSoLinger(true, 0); // close with RST
            s.close();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().hub().stats().connected() == 0);
        }
    }

    @Test
    void streamEndedOnOurSideFinishesTheResponseAndClosesTheConnection() throws Exception {
        // The stream's thread waits on the socket, not on the queue: ending the stream from outside
        // (kick, slow client, shutdown) must wake it so Helidon writes the last chunk, then close.
        try (TestHerald h = TestHerald.start(Map.of("herald.events.heartbeat", "60s"))) {
            Socket s = new Socket("127.0.0.1", h.port());
            s.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().hub().stats().connected() == 1);
            String id = h.server().hub().subscribers().iterator().next().id();
            assertThat(h.server().hub().kick(id)).isTrue();
            s.setSoTimeout(5_000);
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 200").contains("event: hello").endsWith("0\r\n\r\n");
            assertThat(h.server().hub().stats().connected()).isZero();
            s.close();
        }
    }

    @Test
    void idleStreamGetsHeartbeatComments() {
        try (TestHerald h = TestHerald.start(Map.of("herald.events.heartbeat", "200ms"))) {
            try (SseClient c = h.connect("/events")) {
                c.awaitHello();
                await().atMost(Duration.ofSeconds(5)).until(() -> c.comments() >= 3);
                assertThat(c.drain(Duration.ofMillis(300))).isEmpty();
            }
        }
    }

    // A browser's EventSource never shows comments: a page asks for heartbeats it can hear, to tell a quiet
    // stream from one a network dropped without a word. Other clients keep the comments.
    @Test
    void aStreamAskingForHeartbeatEventsGetsThemInsteadOfComments() {
        try (TestHerald h = TestHerald.start(Map.of("herald.events.heartbeat", "200ms"))) {
            try (SseClient c = h.connect("/events?heartbeat=event")) {
                c.awaitHello();
                List<SseEvent> beats = c.drain(Duration.ofMillis(900));
                assertThat(beats).hasSizeGreaterThanOrEqualTo(2)
                        .allSatisfy(e -> assertThat(e).isEqualTo(new SseEvent(null, "heartbeat", "{}")));
                assertThat(c.comments()).isZero();
                assertThat(h.notify("{\"message\":\"still a message\"}").statusCode()).isEqualTo(202);
                assertThat(c.messages(1, Duration.ofSeconds(5)).getFirst().data()).contains("still a message");
            }
            assertThat(h.get("/events?heartbeat=events").statusCode()).as("a value it does not know").isEqualTo(400);
        }
    }

    @Test
    void shutdownEndsStreamsCleanlyAndKeepsWhatWasAcknowledged() throws Exception {
        TestHerald h = TestHerald.start();
        try (SseClient c = h.connect("/events")) {
            c.awaitHello();
            assertThat(h.notify("{\"message\":\"kept\"}").statusCode()).isEqualTo(202);
            c.messages(1, Duration.ofSeconds(5));
            h.restart();
            assertThat(c.awaitEnd(Duration.ofSeconds(5))).as("stream ended by shutdown").isTrue();
            assertThat(h.get("/notifications").body()).contains("\"message\":\"kept\"");
        } finally {
            h.close();
        }
    }
}
