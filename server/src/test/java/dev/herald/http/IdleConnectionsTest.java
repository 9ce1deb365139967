package dev.herald.http;

import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * server.idle-connection-timeout: connections that never start a request are closed (a client
 * holding many silent ones would otherwise reach the open-file limit), open event streams are not.
 */
class IdleConnectionsTest {
    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(Map.of(
            "server.idle-connection-timeout", "PT1S",
            "server.idle-connection-period", "PT0.2S",
            "herald.events.heartbeat", "1h"));

    /** Seconds until the server closes this connection, or -1 when it is still open after {@code limit}. */
    private static double secondsUntilClosed(Socket s, Duration limit) throws Exception {
        long start = System.nanoTime();
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // a trickling client may get an error answer first
            }
        } catch (SocketTimeoutException stillOpen) {
            return -1;
        } catch (java.io.IOException reset) {
            // closed with a reset: closed all the same
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    void aSilentConnectionAndATricklingRequestLineAreClosed() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", herald.port());
             Socket trickling = new Socket("127.0.0.1", herald.port())) {
            trickling.getOutputStream().write("GET /notif".getBytes(StandardCharsets.ISO_8859_1));
            // Within timeout + period of the connection's start, as Helidon's coarse clock sees it (0.2 s was seen).
            assertThat(secondsUntilClosed(silent, Duration.ofSeconds(10))).as("closed, not left open").isBetween(0.0, 5.0);
            assertThat(secondsUntilClosed(trickling, Duration.ofSeconds(10))).as("closed, not left open").isBetween(0.0, 5.0);
        }
    }

    @Test
    void theHealthListenerClosesSilentConnectionsToo() throws Exception {
        // Helidon gives a socket added in code its own defaults (5 min), not the server's settings.
        try (TestHerald h = TestHerald.start(Map.of("herald.observe.port", "0",
                "server.idle-connection-timeout", "PT1S", "server.idle-connection-period", "PT0.2S"))) {
            java.net.URI observe = java.net.URI.create(h.server().observeAddress());
            try (Socket silent = new Socket(observe.getHost(), observe.getPort())) {
                assertThat(secondsUntilClosed(silent, Duration.ofSeconds(10))).as("closed, not left open").isBetween(0.0, 5.0);
            }
        }
    }

    @Test
    void anEventStreamThatGetsNothingStaysOpen() throws Exception {
        try (SseClient stream = herald.connect("/events?topic=quiet")) {
            stream.awaitHello();
            Thread.sleep(3000); // three idle timeouts, no heartbeat
            long id = herald.publish("{\"message\":\"still here\",\"topic\":\"quiet\"}");
            assertThat(stream.messages(1, Duration.ofSeconds(10))).extracting(e -> e.id())
                    .containsExactly(String.valueOf(id));
        }
    }
}
