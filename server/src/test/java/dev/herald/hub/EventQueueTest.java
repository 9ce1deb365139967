package dev.herald.hub;

import dev.herald.store.EventDraft;
import dev.herald.store.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue starts a writer only when work appears and none is running: an idle stream has no
 * thread waiting on it, and two writers never run for one stream at once.
 */
class EventQueueTest {
    private final EventQueue queue = new EventQueue(3);
    private final AtomicInteger started = new AtomicInteger();
    private final List<StoredEvent> taken = new ArrayList<>();

    private static StoredEvent event(long id) {
        return new StoredEvent(id, new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{}"));
    }

    @Test
    void aWriterStartsOnlyForWorkAndOnlyOneAtATime() {
        queue.start(started::incrementAndGet);
        assertThat(started).as("nothing waiting: no writer").hasValue(0);

        queue.offer(event(1));
        queue.offer(event(2));
        assertThat(started).as("one writer for both events").hasValue(1);
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.WORK);
        assertThat(taken).extracting(StoredEvent::id).containsExactly(1L, 2L);

        queue.offer(event(3));
        assertThat(started).as("the running writer takes it, no second writer").hasValue(1);
        taken.clear();
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.WORK);
        assertThat(taken).extracting(StoredEvent::id).containsExactly(3L);
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.IDLE);

        queue.offer(event(4));
        assertThat(started).as("a new writer once the last one went idle").hasValue(2);
    }

    @Test
    void eventsQueuedDuringSetupStartTheWriterAtOnce() {
        queue.offer(event(1));
        assertThat(started).hasValue(0);
        queue.start(started::incrementAndGet);
        assertThat(started).hasValue(1);
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.WORK);
        assertThat(taken).hasSize(1);
    }

    @Test
    void aDueHeartbeatIsWorkWithoutEvents() {
        queue.start(started::incrementAndGet);
        queue.beatIfIdle(System.nanoTime(), Long.MAX_VALUE);
        assertThat(started).as("not idle long enough").hasValue(0);
        queue.beatIfIdle(System.nanoTime(), 0);
        queue.beatIfIdle(System.nanoTime(), 0);
        assertThat(started).hasValue(1);
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.WORK);
        assertThat(taken).as("a heartbeat: nothing to write but the comment").isEmpty();
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.IDLE);
    }

    @Test
    void closeWakesAnIdleStreamSoItCanEndAndAFullQueueRefuses() {
        queue.start(started::incrementAndGet);
        for (long id = 1; id <= 3; id++) {
            assertThat(queue.offer(event(id))).isTrue();
        }
        assertThat(queue.offer(event(4))).as("full: the hub drops this client").isFalse();
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.WORK);
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.IDLE);

        queue.close();
        assertThat(started).as("closing an idle stream starts its writer to end it").hasValue(2);
        assertThat(queue.next(taken)).isEqualTo(EventQueue.Next.CLOSED);
        queue.offer(event(5));
        queue.close();
        assertThat(started).as("nothing more after the close").hasValue(2);
        assertThat(queue.poll(taken)).isFalse();
    }
}
