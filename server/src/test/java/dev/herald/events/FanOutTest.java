package dev.herald.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Fan-out to many clients, topic routing, and isolation from a client that never reads. */
class FanOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String message(SseEvent e) {
        try {
            return JSON.readTree(e.data()).get("message").asText();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void twoHundredConcurrentClientsEachReceiveEveryMessageInOrder() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            List<SseClient> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<SseClient>> opening = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    opening.add(pool.submit(() -> {
                        SseClient c = h.connect("/events");
                        c.awaitHello();
                        return c;
                    }));
                }
                for (Future<SseClient> f : opening) {
                    clients.add(f.get());
                }
            }
            try {
                assertThat(h.server().hub().stats().connected()).isEqualTo(200);
                for (int i = 0; i < 20; i++) {
                    var res = h.notify("{\"message\":\"m" + i + "\"}");
                    assertThat(res.statusCode()).isEqualTo(202);
                    assertThat(JSON.readTree(res.body()).get("recipients").asInt()).isEqualTo(200);
                }
                List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList();
                for (SseClient c : clients) {
                    assertThat(c.messages(20, Duration.ofSeconds(20)).stream().map(FanOutTest::message).toList())
                            .containsExactlyElementsOf(expected);
                }
                assertThat(h.server().hub().stats().deliveries()).isEqualTo(200 * 20);
            } finally {
                clients.forEach(SseClient::close);
            }
        }
    }

    @Test
    void topicsRouteToTheirSubscribersAndBroadcastsReachEveryone() {
        try (TestHerald h = TestHerald.start()) {
            try (SseClient ops = h.connect("/events?topic=ops");
                 SseClient dev = h.connect("/events?topic=dev");
                 SseClient both = h.connect("/events?topic=ops,dev");
                 SseClient plain = h.connect("/events")) {
                for (SseClient c : List.of(ops, dev, both, plain)) {
                    c.awaitHello();
                }
                h.notify("{\"message\":\"for ops\",\"topic\":\"ops\"}");
                h.notify("{\"message\":\"for dev\",\"topics\":[\"dev\"]}");
                h.notify("{\"message\":\"for ops and dev\",\"topics\":[\"ops\",\"dev\"]}");
                h.notify("{\"message\":\"for all\"}");
                assertThat(ops.messages(3, Duration.ofSeconds(5))).extracting(FanOutTest::message)
                        .containsExactly("for ops", "for ops and dev", "for all");
                assertThat(dev.messages(3, Duration.ofSeconds(5))).extracting(FanOutTest::message)
                        .containsExactly("for dev", "for ops and dev", "for all");
                assertThat(both.messages(4, Duration.ofSeconds(5))).extracting(FanOutTest::message)
                        .containsExactly("for ops", "for dev", "for ops and dev", "for all");
                assertThat(plain.messages(1, Duration.ofSeconds(5))).extracting(FanOutTest::message)
                        .containsExactly("for all");
                for (SseClient c : List.of(ops, dev, both, plain)) {
                    assertThat(c.drain(Duration.ofMillis(300))).filteredOn(SseEvent::isMessage).isEmpty();
                }
            }
        }
    }

    @Test
    void clientThatNeverReadsIsDroppedAndDoesNotDelayOthers() throws Exception {
        // 1,500 publishes in a burst: above the per-operator publish limit (burst 1,000, 200/s) once
        // fan-out is fast enough to finish them within 2.5 s, so lift it; this test is about the queue.
        try (TestHerald h = TestHerald.start(Map.of("herald.events.queue", "200", "herald.sqlite.synchronous", "NORMAL",
                "herald.limits.publish.burst", "100000"))) {
            Socket stalled = new Socket();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", h.port()));
            OutputStream out = stalled.getOutputStream();
            out.write("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (SseClient healthy = h.connect("/events")) {
                healthy.awaitHello();
                await().until(() -> h.server().hub().stats().connected() == 2);
                // 1,500 x ~12 KB (3-byte characters): far more than loopback socket buffers (<= 4 MB)
                // plus the 200-event queue hold. The queue is big enough that the healthy reader never
                // falls that far behind, even on a loaded machine.
                String big = "\u20ac".repeat(4000);
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                    List<Future<Integer>> sent = new ArrayList<>();
                    for (int i = 0; i < 1500; i++) {
                        sent.add(pool.submit(() -> h.notify("{\"message\":\"" + big + "\"}").statusCode()));
                    }
                    for (Future<Integer> f : sent) {
                        assertThat(f.get()).isEqualTo(202);
                    }
                }
                assertThat(healthy.messages(1500, Duration.ofSeconds(90))).hasSize(1500);
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(h.server().hub().stats().dropped()).isEqualTo(1);
                assertThat(h.server().hub().stats().connected()).isEqualTo(1);
                assertThat(tookMs).as("healthy client was not held up by the stalled one").isLessThan(90_000);
            }
            // When the stalled client finally reads, its stream has ended (it would reconnect and replay).
            stalled.setSoTimeout(10_000);
            InputStream in = stalled.getInputStream();
            byte[] all = in.readAllBytes();
            String tail = new String(all, Math.max(0, all.length - 200), Math.min(200, all.length), StandardCharsets.ISO_8859_1);
            assertThat(tail).endsWith("0\r\n\r\n");
            stalled.close();
        }
    }
}
