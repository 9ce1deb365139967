package dev.herald.hub;

import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page may read an event and report it ({@code POST /receipts}) before the server's write call returns:
 * the receipt check asks {@link Subscriber#lastDeliveredId()}, so it must cover the event by the time its
 * bytes go out. It was set after the write, and a fast page got {@code 403 not_received} for an event it had
 * (seen by a test of the HTTP API on a loaded machine). Checked on both write paths: Helidon's blocking
 * stream and a taken-over connection written without blocking.
 */
class HandedBeforeWrittenTest {
    private static final StreamSession.Settings SETTINGS =
            new StreamSession.Settings(Duration.ofSeconds(30), Duration.ofSeconds(3));
    private final Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(1000, null)), 16, Clock.systemUTC());
    private final AtomicReference<Subscriber> subscriber = new AtomicReference<>();
    // What lastDeliveredId() said while the bytes naming the live event were being written.
    private final CompletableFuture<Long> markedWhileWriting = new CompletableFuture<>();
    private volatile long liveId = -1;

    private void wrote(byte[] b, int off, int len) {
        long id = liveId;
        if (id > 0 && new String(b, off, len, StandardCharsets.UTF_8).contains("id: " + id + "\n")) {
            markedWhileWriting.complete(subscriber.get().lastDeliveredId());
        }
    }

    private StreamSession session() {
        return new StreamSession(hub, () -> {
            Subscriber s = hub.subscribe(new ConnectionInfo(Set.of("all"), null, "127.0.0.1", "test", Instant.now()));
            subscriber.set(s);
            return s;
        }, null, SETTINGS);
    }

    private long publishOnceLive() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (hub.stats().connected() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // the hello is out
        liveId = hub.log().position().latestId() + 1;
        long id = hub.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"m\"}")).event().id();
        assertThat(id).isEqualTo(liveId);
        return id;
    }

    @Test
    void onHeldStreamsTheEventCountsAsSentBeforeItsBytesGoOut() throws Exception {
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                wrote(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                wrote(b, off, len);
            }
        };
        TestWatch watch = new TestWatch();
        Thread handler = Thread.ofVirtual().start(() -> session().run(out, watch));
        long id = publishOnceLive();
        assertThat(markedWhileWriting.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(id);
        watch.gone.countDown();
        handler.join(Duration.ofSeconds(5));
    }

    @Test
    void onTakenOverStreamsTheEventCountsAsSentBeforeItsBytesGoOut() throws Exception {
        AtomicReference<Runnable> drain = new AtomicReference<>();
        LiveOutput live = new LiveOutput() {
            @Override
            public void watch(Runnable gone) {
            }

            @Override
            public void live(Runnable d) {
                drain.set(d);
            }

            @Override
            public void schedule() {
                Thread.startVirtualThread(() -> drain.get().run());
            }

            @Override
            public boolean write(byte[] b, int off, int len) {
                wrote(b, off, len);
                return true;
            }

            @Override
            public boolean flushPending() {
                return true;
            }

            @Override
            public void end() {
            }
        };
        OutputStream setup = OutputStream.nullOutputStream();
        Thread.startVirtualThread(() -> session().start(setup, live));
        long id = publishOnceLive();
        assertThat(markedWhileWriting.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(id);
        hub.unsubscribe(subscriber.get(), Subscriber.CloseReason.CLIENT_GONE);
    }
}
