package dev.herald.store;

import dev.herald.support.ReadCountingLog;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newest events in memory in front of a log: the whole log contract still holds (over the
 * memory and the SQLite log, with a ring small enough to evict), replays it holds never reach the
 * log, and it never answers with less than the log would.
 */
class RecentEventsTest {

    @Nested
    class OverMemory extends EventLogContract {
        @Override
        protected EventLog create(EventLog.Retention retention) {
            return new RecentEvents(new MemoryEventLog(retention), 3);
        }
    }

    @Nested
    class OverSqlite extends EventLogContract {
        @TempDir
        Path dir;

        @Override
        protected EventLog create(EventLog.Retention retention) {
            return new RecentEvents(new SqliteEventLog(dir, retention, "NORMAL"), 3);
        }
    }

    private final AtomicInteger logReads = new AtomicInteger();
    private final MemoryEventLog memory = new MemoryEventLog(new EventLog.Retention(1_000_000, null));

    // The memory log, counting the replays that reach it.
    private EventLog counted() {
        return ReadCountingLog.of(memory, logReads);
    }

    private static List<Long> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }

    private static EventFilter all() {
        return EventFilter.everything(EventLogContract.T0);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void afterForgettingTheLogAnswersUntilNewEventsCome() {
        RecentEvents recent = new RecentEvents(counted(), 10);
        for (int i = 1; i <= 3; i++) {
            recent.append(EventLogContract.draft("m" + i));
        }
        assertThat(ids(recent.readAfter(1, all(), 10))).containsExactly(2L, 3L);
        assertThat(logReads).as("memory answers").hasValue(0);

        recent.forget(); // the log is another one now (a flushed Redis)
        assertThat(recent.newestId()).isZero();
        recent.readAfter(0, all(), 10);
        recent.readAfter(2, all(), 10);
        assertThat(logReads).as("memory answers nothing it held before").hasValue(2);
        StoredEvent next = recent.append(EventLogContract.draft("m4"));
        assertThat(ids(recent.readAfter(next.id() - 1, all(), 10))).containsExactly(next.id());
        assertThat(logReads).as("then memory again, from the next event on").hasValue(2);
    }

    @Test
    void aReaderALittleBehindIsAnsweredFromMemoryAndOneTooFarBehindByTheLog() {
        RecentEvents recent = new RecentEvents(counted(), 4);
        for (int i = 1; i <= 10; i++) {
            recent.append(EventLogContract.draft("m" + i));
        }
        assertThat(ids(recent.readAfter(7, all(), 100))).containsExactly(8L, 9L, 10L);
        assertThat(ids(recent.readAfter(6, all(), 2))).containsExactly(7L, 8L);
        assertThat(ids(recent.readAfter(10, all(), 100))).isEmpty();
        assertThat(logReads).hasValue(0);

        assertThat(ids(recent.readAfter(2, all(), 100))).containsExactlyElementsOf(range(3, 10));
        assertThat(logReads).as("7 was evicted: only the log has it").hasValue(1);
    }

    @Test
    void eventsFromBeforeItStartedComeFromTheLog() {
        memory.append(EventLogContract.draft("before"));
        RecentEvents recent = new RecentEvents(counted(), 4);
        recent.append(EventLogContract.draft("after"));
        assertThat(ids(recent.readAfter(0, all(), 100))).containsExactly(1L, 2L);
        assertThat(logReads).hasValue(1);
        assertThat(ids(recent.readAfter(1, all(), 100))).containsExactly(2L);
        assertThat(logReads).hasValue(1);
    }

    @Test
    void aListenerThatReadsFindsTheEventItIsHanded() {
        RecentEvents recent = new RecentEvents(counted(), 4);
        List<List<Long>> seen = new ArrayList<>();
        // What a stream does: subscribed first, it may read before its live copy of an event arrives.
        recent.subscribe(e -> seen.add(ids(recent.readAfter(e.id() - 1, all(), 10))));
        recent.append(EventLogContract.draft("a"));
        recent.append(EventLogContract.draft("b"));
        assertThat(seen).containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void aRetractedEventIsNeverReplayedFromMemory() {
        RecentEvents recent = new RecentEvents(counted(), 8);
        for (int i = 1; i <= 5; i++) {
            recent.append(EventLogContract.draft("m" + i));
        }
        assertThat(recent.retract(3)).isNotNull();
        assertThat(ids(recent.readAfter(1, all(), 100))).containsExactly(2L, 4L, 5L);
        // The control entry that tells live streams: the log answers until what follows it.
        StoredEvent control = recent.append(EventDraft.control("retract", EventLogContract.T0, List.of("all"), List.of(),
                "{\"id\":3}"));
        recent.append(EventLogContract.draft("m7"));
        assertThat(ids(recent.readAfter(1, all(), 100))).containsExactly(2L, 4L, 5L, control.id(), control.id() + 1);
        int before = logReads.get();
        assertThat(ids(recent.readAfter(control.id(), all(), 100))).containsExactly(control.id() + 1);
        assertThat(logReads).as("after the control entry, memory again").hasValue(before);
    }

    // A log that hands out exactly what the test feeds it, and counts the reads that reach it.
    private final List<java.util.function.Consumer<StoredEvent>> feeds = new ArrayList<>();

    private EventLog fed() {
        return (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "subscribe" -> {
                        @SuppressWarnings("unchecked")
                        var listener = (java.util.function.Consumer<StoredEvent>) args[0];
                        feeds.add(listener);
                        yield null;
                    }
                    case "readAfter" -> {
                        logReads.incrementAndGet();
                        yield List.of();
                    }
                    case "retract" -> event((Long) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static StoredEvent event(long id) {
        return new StoredEvent(id, EventLogContract.T0, List.of("all"), List.of(), null, "{\"message\":\"m" + id + "\"}");
    }

    @Test
    void aGapInTheIdsMeansTheLogAnswersForEverythingBeforeIt() {
        RecentEvents recent = new RecentEvents(fed(), 8);
        feeds.getFirst().accept(event(1));
        feeds.getFirst().accept(event(2));
        feeds.getFirst().accept(event(4)); // 3 never came by here
        assertThat(ids(recent.readAfter(3, all(), 10))).containsExactly(4L);
        assertThat(logReads).hasValue(0);
        recent.readAfter(2, all(), 10);
        assertThat(logReads).as("3 may exist: only the log knows").hasValue(1);
    }

    @Test
    void anEventRetractedOnItsWayHereIsNotKeptWhenItArrives() {
        RecentEvents recent = new RecentEvents(fed(), 8);
        feeds.getFirst().accept(event(1));
        feeds.getFirst().accept(event(2));
        recent.retract(3); // committed, not yet handed out
        feeds.getFirst().accept(event(3));
        feeds.getFirst().accept(event(4));
        assertThat(ids(recent.readAfter(3, all(), 10))).containsExactly(4L);
        assertThat(logReads).hasValue(0);
        recent.readAfter(1, all(), 10);
        assertThat(logReads).hasValue(1);
    }

    @Test
    void aRetractBeforeAnythingCameByClaimsNothing() {
        RecentEvents recent = new RecentEvents(fed(), 8);
        recent.retract(5); // the log held 1..9 before this memory existed
        feeds.getFirst().accept(event(10));
        recent.readAfter(6, all(), 10);
        assertThat(logReads).as("7..9 are only in the log").hasValue(1);
        assertThat(ids(recent.readAfter(9, all(), 10))).containsExactly(10L);
    }

    @Test
    void aListenerThatFailsDoesNotKeepTheEventFromTheNext() {
        RecentEvents recent = new RecentEvents(fed(), 8);
        List<Long> heard = new ArrayList<>();
        recent.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        recent.subscribe(e -> heard.add(e.id()));
        feeds.getFirst().accept(event(1));
        assertThat(heard).containsExactly(1L);
    }

    @Test
    void filtersAndExpiryApplyAsInTheLog() {
        RecentEvents recent = new RecentEvents(counted(), 8);
        recent.append(EventLogContract.draft("ops only", "ops"));
        recent.append(EventLogContract.draft("dev only", "dev"));
        recent.append(new EventDraft(EventLogContract.T0, List.of("all"), List.of("ann"), null, "{\"message\":\"ann\"}"));
        recent.append(new EventDraft(EventLogContract.T0, List.of("all"), List.of(), EventLogContract.T0.plusSeconds(1),
                "{\"message\":\"short-lived\"}"));
        EventFilter opsReader = new EventFilter(java.util.Set.of("ops"), null, EventLogContract.T0.plusSeconds(5));
        assertThat(recent.readAfter(0, opsReader, 10)).extracting(StoredEvent::payload)
                .isEqualTo(memory.readAfter(0, opsReader, 10).stream().map(StoredEvent::payload).toList())
                .containsExactly("{\"message\":\"ops only\"}");
        EventFilter ann = new EventFilter(java.util.Set.of("dev"), "ann", EventLogContract.T0);
        assertThat(ids(recent.readAfter(0, ann, 10))).containsExactly(2L, 3L, 4L)
                .isEqualTo(ids(memory.readAfter(0, ann, 10)));
    }
}
