package dev.herald.hub;

import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream's setup runs on a thread of its own while the connection's thread only waits for the
 * client to leave: whatever happens to the setup, the connection's thread must return.
 */
class StreamSessionSetupTest {
    private static final StreamSession.Settings SETTINGS =
            new StreamSession.Settings(Duration.ofSeconds(30), Duration.ofSeconds(3));
    private final Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(1000, null)), 4, Clock.systemUTC());

    private static ConnectionInfo info() {
        return new ConnectionInfo(Set.of("all"), null, "127.0.0.1", "test", Instant.now());
    }

    @Test
    void aClientThatLeavesWhileWaitingForASetupSlotEndsAtOnceAndIsNeverSubscribed() throws Exception {
        List<Runnable> held = new ArrayList<>();
        for (int i = 0; i < Math.max(1, Runtime.getRuntime().availableProcessors() / 2); i++) {
            held.add(hub.startSetup()); // every slot taken: the stream's setup has to wait
        }
        AtomicInteger subscribes = new AtomicInteger();
        StreamSession session = new StreamSession(hub, () -> {
            subscribes.incrementAndGet();
            return hub.subscribe(info());
        }, null, SETTINGS);
        TestWatch watch = new TestWatch();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread handler = Thread.ofVirtual().start(() -> session.run(out, watch));

        Thread.sleep(200);
        assertThat(handler.isAlive()).as("waits for the client while the setup waits for a slot").isTrue();
        watch.gone.countDown();
        handler.join(Duration.ofSeconds(5));
        assertThat(handler.isAlive()).as("returned as soon as the client left").isFalse();

        held.forEach(Runnable::run);
        Thread.sleep(300); // the setup gets its slot now, and must not start the stream
        assertThat(subscribes.get()).isZero();
        assertThat(hub.stats().connected()).isZero();
        assertThat(out.size()).isZero();
        // and the slots are all free again
        List<Runnable> again = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    again.add(hub.startSetup());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.join(Duration.ofSeconds(2));
            assertThat(t.isAlive()).as("slot %d free", i).isFalse();
        }
        again.forEach(Runnable::run);
    }

    @Test
    void anErrorDuringTheSetupStillEndsTheStreamAndUnsubscribes() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) {
                throw new OutOfMemoryError("test: no memory for the first write");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                write(0);
            }
        };
        StreamSession session = new StreamSession(hub, () -> hub.subscribe(info()), null, SETTINGS);
        TestWatch watch = new TestWatch();
        CountDownLatch returned = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            session.run(broken, watch);
            returned.countDown();
        });

        assertThat(returned.await(5, TimeUnit.SECONDS)).as("the connection's thread returned").isTrue();
        assertThat(hub.stats().connected()).isZero();
    }

    // A token that expires while its stream waits for a setup slot (a reconnect storm): the stream used
    // to write the hello and replay the user's events all the same (found by a review).
    @Test
    void aStreamWhoseTokenExpiredBeforeItsSetupWritesNothingOfTheUsers() throws Exception {
        hub.publish(new EventDraft(Instant.now(), List.of("user.kim"), List.of("kim"), null, "{\"message\":\"kim's secret\"}"));
        List<Runnable> held = new ArrayList<>();
        for (int i = 0; i < Math.max(1, Runtime.getRuntime().availableProcessors() / 2); i++) {
            held.add(hub.startSetup());
        }
        Instant exp = Instant.now().plusMillis(200); // valid when the request was checked
        ConnectionInfo kim = new ConnectionInfo(Set.of("user.kim", "all"), "kim", "127.0.0.1", "test", Instant.now(), exp);
        StreamSession session = new StreamSession(hub, () -> hub.subscribe(kim), 0L, SETTINGS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread handler = Thread.ofVirtual().start(() -> session.run(out, new TestWatch()));
        Thread.sleep(500);
        assertThat(Instant.now()).isAfter(exp);
        held.forEach(Runnable::run);
        handler.join(Duration.ofSeconds(5));
        assertThat(handler.isAlive()).as("the stream ended").isFalse();
        synchronized (out) {
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("kim's secret");
        }
        assertThat(hub.stats().connected()).isZero();
    }
}
