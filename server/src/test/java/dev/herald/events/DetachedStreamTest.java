package dev.herald.events;

import dev.herald.support.LogCapture;
import dev.herald.support.SseClient;
import dev.herald.support.RawStream;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.herald.support.RawStream.chunk;
import static dev.herald.support.RawStream.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams whose connection Herald takes over from Helidon once the head is out (herald.events.detach):
 * read here byte for byte, as a proxy or a strict HTTP client would.
 */
class DetachedStreamTest {

    @Test
    void aDetachedStreamIsValidChunkedHttpFromHeadToLastChunk() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "https://app.example"));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /events?topic=news HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Origin: https://app.example\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = line(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
                    .containsIgnoringCase("content-type: text/event-stream")
                    .as("the filters' headers are Helidon's, written before the take-over")
                    .containsIgnoringCase("access-control-allow-origin: https://app.example");
            assertThat(chunk(in)).isEqualTo("retry: 3000\n\n");
            assertThat(chunk(in)).startsWith("event: hello\n");
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 1);

            assertThat(h.notify("{\"message\":\"one\",\"topic\":\"news\"}").statusCode()).isEqualTo(202);
            assertThat(h.notify("{\"message\":\"two\"}").statusCode()).isEqualTo(202);
            String events = chunk(in);
            if (!events.contains("\"two\"")) {
                events += chunk(in); // one chunk per write: the two may or may not have been coalesced
            }
            assertThat(events).contains("\"message\":\"one\"").contains("\"message\":\"two\"").endsWith("\n\n");

            h.server().close(); // a graceful stop ends the body properly: the last chunk, then the close
            assertThat(chunk(in)).as("last chunk").isEmpty();
            assertThat(in.read()).as("connection closed after the last chunk").isEqualTo(-1);
        }
    }

    @Test
    void aClientThatLeavesIsNoticedAndItsConnectionReleased() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.loopback", "true",
                "herald.limits.connections.ip", "1"))) {
            SseClient c = h.connect("/events");
            c.awaitHello();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 1);
            c.close();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().hub().stats().connected() == 0);
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 0);
            // The per-IP/per-user connection slot came back with it: a limit of one admits the next stream.
            try (SseClient again = h.connect("/events")) {
                again.awaitHello();
            }
        }
    }

    @Test
    void theAccessLogShowsATakenOverStreamWhenItEndsWithItsLength() throws Exception {
        try (TestHerald h = TestHerald.start();
             LogCapture access = LogCapture.on(Logger.getLogger("dev.herald.access"), Level.INFO)) {
            SseClient c = h.connect("/events?topic=news");
            c.awaitHello();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 1);
            Thread.sleep(700);
            assertThat(access.records()).extracting(LogRecord::getMessage).as("not when it starts")
                    .noneMatch(m -> m.contains("/events"));
            c.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> access.records().stream()
                    .anyMatch(r -> r.getMessage().contains("GET /events")));
            String line = access.records().stream().map(LogRecord::getMessage).filter(m -> m.contains("GET /events"))
                    .findFirst().orElseThrow();
            assertThat(line).matches("127\\.0\\.0\\.1 GET /events\\?topic=news 200 \\d+ms");
            long ms = Long.parseLong(line.replaceAll(".* (\\d+)ms$", "$1"));
            assertThat(ms).as("the stream's length, not its setup's").isGreaterThanOrEqualTo(700);
        }
    }

    @Test
    void withDetachOffStreamsStayOnHelidonAndWorkTheSame() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.events.detach", "false"));
             SseClient c = h.connect("/events")) {
            c.awaitHello();
            assertThat(h.notify("{\"message\":\"kept\"}").statusCode()).isEqualTo(202);
            assertThat(c.messages(1, Duration.ofSeconds(3)).get(0).data()).contains("\"kept\"");
            assertThat(h.server().detachedStreams()).isZero();
            assertThat(c.retry()).isEqualTo(3000L);
        }
    }

    @Test
    void aRequestPipelinedAfterTheStreamIsDroppedQuietlyAndTheStreamGoesOn() throws Exception {
        try (TestHerald h = TestHerald.start(); Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port());
             LogCapture logged = LogCapture.on(Logger.getLogger(""), Level.WARNING)) {
            s.setSoTimeout(5000);
            String body = "{\"message\":\"pipelined\"}";
            s.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
                    + "POST /notify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(line(in, "\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(chunk(in)).isEqualTo("retry: 3000\n\n");
            assertThat(chunk(in)).startsWith("event: hello\n");
            assertThat(h.notify("{\"message\":\"live\"}").statusCode()).isEqualTo(202);
            assertThat(chunk(in)).as("the stream goes on; the pipelined publish never ran").contains("\"live\"")
                    .doesNotContain("pipelined");
            assertThat(h.get("/notifications").body()).doesNotContain("pipelined");
            assertThat(logged.records()).extracting(LogRecord::getMessage).isEmpty();
        }
    }

    @Test
    void helidonsOwnConnectionCapsKeepStreamsOnItsThreadsSoTheyStillCount() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("server.max-concurrent-requests", "2"));
             SseClient a = h.connect("/events"); SseClient b = h.connect("/events")) {
            a.awaitHello();
            b.awaitHello();
            assertThat(h.server().detachedStreams()).isZero();
            try (SseClient c = h.connect("/events")) {
                assertThat(c.status()).as("Helidon's cap of 2 requests holds the third stream off").isEqualTo(503);
            }
        }
    }

    @Test
    void anAsynchronousWriterKeepsStreamsOnHelidonsThreadsAndTheHeadIntact() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("server.write-queue-length", "32"));
             SseClient c = h.connect("/events")) {
            assertThat(c.status()).isEqualTo(200);
            c.awaitHello();
            assertThat(c.retry()).isEqualTo(3000L);
            assertThat(h.server().detachedStreams()).isZero();
        }
    }

    @Test
    void aDroppedClientThatNeverReadsIsCutOffAfterOneHeartbeatAndItsSlotComesBack() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.events.queue", "16", "herald.events.heartbeat", "1s",
                "herald.sqlite.synchronous", "NORMAL", "herald.limits.loopback", "true",
                "herald.limits.connections.ip", "1"));
             Socket stalled = RawStream.open(h.port(), "/events", 4096)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server().hub().stats().connected() == 1);
            String big = "\u20ac".repeat(4000); // 12 KB of UTF-8 within the 4,096-character limit
            // Until the kernel's buffers and the 16-event queue are full and the hub drops the client.
            for (int i = 0; i < 2_000 && h.server().hub().stats().dropped() == 0; i++) {
                assertThat(h.notify("{\"message\":\"" + big + "\"}").statusCode()).isEqualTo(202);
            }
            assertThat(h.server().hub().stats().dropped()).isEqualTo(1);
            // Its writer is stuck in a write: only the cut ends the connection and frees the per-IP slot.
            await().atMost(Duration.ofSeconds(10)).until(() -> h.server().detachedStreams() == 0);
            try (SseClient next = h.connect("/events")) {
                assertThat(next.status()).as("the slot of the cut stream came back").isEqualTo(200);
                next.awaitHello();
            }
            stalled.setSoTimeout(10_000);
            InputStream in = stalled.getInputStream();
            try {
                while (in.read(new byte[65536]) >= 0) {
                    // what was in flight, then the end
                }
            } catch (java.net.SocketException reset) {
                // Also an end: the server closed with unsent bytes.
            }
        }
    }

    @Test
    void aClientThatFallsBehindItsSocketBuffersCatchesUpWithEveryEventOnceInOrder() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.sqlite.synchronous", "NORMAL"));
             Socket slow = RawStream.open(h.port(), "/events", 4096)) {
            InputStream in = slow.getInputStream();
            line(in, "\r\n\r\n");
            assertThat(chunk(in)).startsWith("retry:");
            assertThat(chunk(in)).startsWith("event: hello\n");
            await().atMost(Duration.ofSeconds(3)).until(() -> h.server().detachedStreams() == 1);
            String big = "\u20ac".repeat(4000); // 12 KB of UTF-8
            int sent = 0;
            // Not reading: publish until the socket refuses bytes and the stream waits for room.
            while (h.server().streamWritesThatWaited() == 0 && sent < 900) {
                assertThat(h.notify("{\"message\":\"" + sent + " " + big + "\"}").statusCode()).isEqualTo(202);
                sent++;
            }
            assertThat(h.server().streamWritesThatWaited()).as("the socket filled up").isEqualTo(1);
            for (int i = 0; i < 50; i++) { // these wait in the stream's queue
                assertThat(h.notify("{\"message\":\"" + sent + " after\"}").statusCode()).isEqualTo(202);
                sent++;
            }
            // Now read: every event arrives once, in order, in well-formed chunks.
            StringBuilder body = new StringBuilder();
            int seen = 0;
            while (seen < sent) {
                String c = chunk(in);
                assertThat(c).as("no last chunk while the client keeps up").isNotEmpty();
                body.append(c);
                int end;
                while ((end = body.indexOf("\n\n")) >= 0) {
                    String frame = body.substring(0, end);
                    body.delete(0, end + 2);
                    if (frame.startsWith(":")) {
                        continue; // a heartbeat
                    }
                    assertThat(frame).contains("\"message\":\"" + seen + " ");
                    seen++;
                }
            }
            assertThat(h.server().hub().stats().dropped()).isZero();
            assertThat(h.server().hub().stats().connected()).isEqualTo(1);
        }
    }
}
