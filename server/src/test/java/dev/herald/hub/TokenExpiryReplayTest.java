package dev.herald.hub;

import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token that expires while its stream waits for a setup slot (a reconnect storm): the stream used to
 * write the hello and replay the user's events all the same (found by a review).
 */
class TokenExpiryReplayTest {
    @Test
    void aStreamWhoseTokenExpiredBeforeItsSetupReplaysNothing() throws Exception {
        Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(1000, null)), 16, Clock.systemUTC());
        try {
            hub.publish(new EventDraft(Instant.now(), List.of("user.kim"), List.of("kim"), null,
                    "{\"message\":\"kim's secret\"}"));
            List<Runnable> held = new ArrayList<>();
            for (int i = 0; i < Math.max(1, Runtime.getRuntime().availableProcessors() / 2); i++) {
                held.add(hub.startSetup()); // a reconnect storm: every slot taken
            }
            Instant exp = Instant.now().plusMillis(200); // valid when the request was checked
            ConnectionInfo info = new ConnectionInfo(Set.of("user.kim", "all"), "kim", "127.0.0.1", "test", Instant.now(), exp);
            StreamSession session = new StreamSession(hub, () -> hub.subscribe(info), 0L,
                    new StreamSession.Settings(Duration.ofSeconds(30), Duration.ofSeconds(3)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CountDownLatch never = new CountDownLatch(1);
            Thread handler = Thread.ofVirtual().start(() -> session.run(out, new ClientWatch() {
                @Override
                public void awaitGone() {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void release() {
                    never.countDown();
                }
            }));
            Thread.sleep(500); // the token expires while the stream waits
            assertThat(Instant.now()).isAfter(exp);
            held.forEach(Runnable::run);
            handler.join(Duration.ofSeconds(5));
            String written;
            synchronized (out) {
                written = out.toString(StandardCharsets.UTF_8);
            }
            assertThat(written).doesNotContain("kim's secret");
        } finally {
            hub.close();
        }
    }
}
