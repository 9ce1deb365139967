package dev.herald.lifecycle;

import dev.herald.hub.Hub;
import dev.herald.notify.NotificationParser;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchedulerTest {

    /** A store whose housekeeping always fails (a full disk, say); everything else works. */
    private static final class FailingHousekeeping implements ScheduledStore {
        private final MemoryScheduledStore store = new MemoryScheduledStore();
        final AtomicInteger forgetCalls = new AtomicInteger();

        @Override
        public ScheduledNotification add(String body, Instant due, Instant created) {
            return store.add(body, due, created);
        }

        @Override
        public ScheduledNotification get(ScheduledNotification.Id id) {
            return store.get(id);
        }

        @Override
        public List<ScheduledNotification> pending() {
            return store.pending();
        }

        @Override
        public PendingMark pendingMark() {
            return store.pendingMark();
        }

        @Override
        public List<ScheduledNotification> recent(int limit) {
            return store.recent(limit);
        }

        @Override
        public void finish(ScheduledNotification n, ScheduledNotification.Status status, Long eventId) {
            store.finish(n, status, eventId);
        }

        @Override
        public void forgetFinished(Instant before) {
            forgetCalls.incrementAndGet();
            throw new IllegalStateException("database or disk is full");
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Test
    void housekeepingThatFailsDoesNotHoldUpTheSends() {
        FailingHousekeeping store = new FailingHousekeeping();
        Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(100, null)), 4, Clock.systemUTC());
        try (Scheduler scheduler = new Scheduler(store, hub, new NotificationParser(4096))) {
            ScheduledNotification n = scheduler.schedule("{\"message\":\"on time\"}", Instant.now().plusMillis(300));
            await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.get(ScheduledNotification.parseId(n.id())).status()
                    == ScheduledNotification.Status.SENT);
            assertThat(hub.log().latestId()).isEqualTo(1);
            assertThat(store.forgetCalls.get()).as("tried at start, not again every round").isEqualTo(1);
        } finally {
            hub.close();
        }
    }
}
