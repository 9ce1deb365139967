package dev.herald.events;

import dev.herald.notify.Level;
import dev.herald.notify.NotificationRequest;
import dev.herald.store.EventDraft;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream setups are admitted a few at a time (reconnect storms). A client that asks for a big
 * replay and never reads must not hold its slot while its write blocks: everyone else still connects.
 */
class SetupAdmissionTest {

    @Test
    void aClientThatNeverReadsItsReplayDoesNotBlockNewStreams() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            // ~12 MB of replay: far more than the socket buffers (up to 4 MB here) of a client that never reads.
            String big = "x".repeat(4000);
            List<EventDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                drafts.add(new NotificationRequest(big + i, null, Level.INFO, List.of("all"), List.of(), null, null,
                        List.of()).toDraft(Instant.now()));
            }
            h.server().log().appendAll(drafts);

            List<Socket> stuck = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) { // more stuck clients than this machine has setup slots
                    Socket s = new Socket();
                    s.setReceiveBufferSize(1024);
                    s.connect(new InetSocketAddress("127.0.0.1", h.port()), 5000);
                    OutputStream out = s.getOutputStream();
                    out.write(("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nLast-Event-ID: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    stuck.add(s); // and never read
                }
                Thread.sleep(500); // their replays are now blocked in writes

                // Connected off the test thread: with the bug, even the response headers never come.
                List<CompletableFuture<SseClient>> connects = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    connects.add(CompletableFuture.supplyAsync(() -> h.connect("/events")));
                }
                List<SseClient> clients = new ArrayList<>();
                for (CompletableFuture<SseClient> connect : connects) {
                    SseClient c = connect.get(10, TimeUnit.SECONDS);
                    clients.add(c);
                    assertThat(CompletableFuture.supplyAsync(c::awaitHello).get(10, TimeUnit.SECONDS).event())
                            .isEqualTo("hello");
                }
                // and a replaying client that does read gets its whole replay
                try (SseClient reader = h.connect("/events", java.util.Map.of("Last-Event-ID", "2990"))) {
                    assertThat(reader.messages(10, Duration.ofSeconds(10))).hasSize(10);
                }
                clients.forEach(SseClient::close);
            } finally {
                for (Socket s : stuck) {
                    s.close();
                }
            }
        }
    }
}
