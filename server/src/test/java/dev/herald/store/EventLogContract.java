package dev.herald.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EventLog} must do. Each implementation's test extends this and says how to
 * open a log (and, when durable, how to reopen the same one).
 */
public abstract class EventLogContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final List<EventLog> opened = new ArrayList<>();

    protected abstract EventLog create(EventLog.Retention retention);

    protected EventLog open(EventLog.Retention retention) {
        EventLog log = create(retention);
        opened.add(log);
        return log;
    }

    protected EventLog open() {
        return open(new EventLog.Retention(1_000_000, null));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(EventLog::close);
    }

    protected static EventDraft draft(String message, String... topics) {
        return draft(T0, message, List.of(topics));
    }

    protected static EventDraft draft(Instant time, String message, List<String> topics) {
        return new EventDraft(time, topics.isEmpty() ? List.of("all") : topics, List.of(), null,
                "{\"message\":\"" + message + "\"}");
    }

    private static List<String> messages(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::payload).toList();
    }

    @Test
    void hasAnInstanceIdForTheLifeOfItsData() {
        EventLog log = open();
        String id = log.instanceId();
        assertThat(id).isNotBlank();
        log.append(draft("a"));
        log.prune(T0);
        assertThat(log.instanceId()).isEqualTo(id);
    }

    @Test
    void appendAssignsIncreasingIdsAndStoresThePayload() {
        EventLog log = open();
        StoredEvent a = log.append(draft("a"));
        StoredEvent b = log.append(draft("b"));
        assertThat(a.id()).isPositive();
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(log.latestId()).isEqualTo(b.id());
        assertThat(b.json()).isEqualTo("{\"message\":\"b\",\"id\":" + b.id() + "}");
        assertThat(log.readAfter(0, EventFilter.everything(T0), 10))
                .extracting(StoredEvent::id).containsExactly(a.id(), b.id());
    }

    @Test
    void emptyLogHasNothing() {
        EventLog log = open();
        assertThat(log.latestId()).isZero();
        assertThat(log.prunedThrough()).isZero();
        assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).isEmpty();
        assertThat(log.readBefore(Long.MAX_VALUE, EventFilter.everything(T0), 10)).isEmpty();
        assertThat(log.health().up()).isTrue();
    }

    @Test
    void readAfterPagesInOrderAndHonoursLimit() {
        EventLog log = open();
        for (int i = 0; i < 1200; i++) {
            log.append(draft("m" + i));
        }
        List<StoredEvent> first = log.readAfter(0, EventFilter.everything(T0), 700);
        assertThat(first).hasSize(700);
        List<StoredEvent> rest = log.readAfter(first.getLast().id(), EventFilter.everything(T0), 700);
        assertThat(rest).hasSize(500);
        assertThat(messages(rest).getLast()).isEqualTo("{\"message\":\"m1199\"}");
        List<Long> ids = new ArrayList<>();
        first.forEach(e -> ids.add(e.id()));
        rest.forEach(e -> ids.add(e.id()));
        assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(1200);
    }

    @Test
    void aSmallLimitStillFindsAMatchBehindManyOthers() {
        // Stores may ask for a first page as small as the limit; what the filter skips must not end the read.
        EventLog log = open();
        List<EventDraft> before = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            before.add(draft("a" + i, "busy"));
        }
        log.appendAll(before);
        long rare = log.append(draft("the rare one", "rare")).id();
        List<EventDraft> after = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            after.add(draft("b" + i, "busy"));
        }
        log.appendAll(after);
        EventFilter onRare = new EventFilter(Set.of("rare"), null, T0);
        assertThat(log.readAfter(0, onRare, 1)).extracting(StoredEvent::id).containsExactly(rare);
        assertThat(log.readBefore(Long.MAX_VALUE, onRare, 1)).extracting(StoredEvent::id).containsExactly(rare);
        assertThat(log.readAfter(rare, onRare, 1)).isEmpty();
        assertThat(log.readAfter(rare - 1, EventFilter.everything(T0), 1)).extracting(StoredEvent::id).containsExactly(rare);
        assertThat(log.readBefore(rare, EventFilter.everything(T0), 2)).extracting(StoredEvent::id)
                .containsExactly(rare - 2, rare - 1);
    }

    @Test
    void readIdsAnswersExactlyTheStoredOnesAmongThem() {
        EventLog log = open();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(log.append(draft("m" + i)).id());
        }
        long control = log.append(EventDraft.control("retract", T0, List.of("all"), List.of(), "{\"id\":1}")).id();
        assertThat(log.retract(ids.get(2))).isNotNull();
        Map<Long, StoredEvent> found = log.readIds(List.of(ids.get(0), ids.get(2), ids.get(4), control, 0L, -1L,
                control + 1000, ids.get(0)));
        assertThat(found.keySet()).containsExactlyInAnyOrder(ids.get(0), ids.get(4), control);
        assertThat(found.get(ids.get(4)).payload()).isEqualTo("{\"message\":\"m4\"}");
        assertThat(found.get(control).isNotification()).isFalse();
        assertThat(log.readIds(List.of())).isEmpty();
    }

    @Test
    void readBeforeReturnsTheNewestPageOldestFirst() {
        EventLog log = open();
        for (int i = 0; i < 10; i++) {
            log.append(draft("m" + i));
        }
        List<StoredEvent> page = log.readBefore(Long.MAX_VALUE, EventFilter.everything(T0), 3);
        assertThat(messages(page)).containsExactly("{\"message\":\"m7\"}", "{\"message\":\"m8\"}", "{\"message\":\"m9\"}");
        List<StoredEvent> older = log.readBefore(page.getFirst().id(), EventFilter.everything(T0), 3);
        assertThat(messages(older)).containsExactly("{\"message\":\"m4\"}", "{\"message\":\"m5\"}", "{\"message\":\"m6\"}");
    }

    @Test
    void topicFilterKeepsMatchingTopicsAndBroadcasts() {
        EventLog log = open();
        log.append(draft("ops", "ops"));
        log.append(draft("dev", "dev"));
        log.append(draft("everyone"));
        log.append(draft("both", "dev", "ops"));
        // More than one read page of other topics between matches must not hide later matches.
        for (int i = 0; i < 600; i++) {
            log.append(draft("noise", "noise"));
        }
        log.append(draft("late-ops", "ops"));
        EventFilter ops = new EventFilter(Set.of("ops"), null, T0);
        assertThat(messages(log.readAfter(0, ops, 100))).containsExactly(
                "{\"message\":\"ops\"}", "{\"message\":\"everyone\"}", "{\"message\":\"both\"}",
                "{\"message\":\"late-ops\"}");
        assertThat(messages(log.readBefore(Long.MAX_VALUE, ops, 2)))
                .containsExactly("{\"message\":\"both\"}", "{\"message\":\"late-ops\"}");
    }

    @Test
    void readersGetExactlyTheirTopicsAndUsersAmongSimilarNames() {
        EventLog log = open();
        log.append(draft("devops", "devops"));
        log.append(draft("ops2", "ops2"));
        log.append(draft("ops-and-more", "qa", "ops"));
        log.append(new EventDraft(T0, List.of("all"), List.of("al"), null, "{\"message\":\"for al\"}"));
        log.append(new EventDraft(T0, List.of("all"), List.of("bob", "alice"), null, "{\"message\":\"for bob and alice\"}"));
        log.append(new EventDraft(T0, List.of("ops"), List.of("alice"), null, "{\"message\":\"alice on ops\"}"));
        log.append(new EventDraft(T0, List.of("dev"), List.of("alice"), null, "{\"message\":\"alice on dev\"}"));
        log.append(draft("everyone"));
        // Far behind: 1,200 events for others before the last match (more than two read pages).
        for (int i = 0; i < 1200; i++) {
            log.append(new EventDraft(T0, List.of("all"), List.of("user" + i), null, "{\"message\":\"noise\"}"));
        }
        log.append(new EventDraft(T0, List.of("ops"), List.of("alice"), null, "{\"message\":\"late for alice\"}"));
        assertThat(messages(log.readAfter(0, new EventFilter(Set.of("ops"), "alice", T0), 100))).containsExactly(
                "{\"message\":\"ops-and-more\"}", "{\"message\":\"for bob and alice\"}",
                "{\"message\":\"alice on ops\"}", "{\"message\":\"everyone\"}", "{\"message\":\"late for alice\"}");
        assertThat(messages(log.readAfter(0, new EventFilter(Set.of("ops", "all"), null, T0), 100)))
                .containsExactly("{\"message\":\"ops-and-more\"}", "{\"message\":\"everyone\"}");
        assertThat(messages(log.readAfter(0, new EventFilter(null, "al", T0), 100)))
                .as("every topic, user al").containsExactly("{\"message\":\"devops\"}", "{\"message\":\"ops2\"}",
                        "{\"message\":\"ops-and-more\"}", "{\"message\":\"for al\"}", "{\"message\":\"everyone\"}");
        assertThat(log.readAfter(0, EventFilter.everything(T0), 2000)).as("operators read everything").hasSize(1209);
        assertThat(messages(log.readBefore(Long.MAX_VALUE, new EventFilter(Set.of("dev"), "alice", T0), 2)))
                .containsExactly("{\"message\":\"alice on dev\"}", "{\"message\":\"everyone\"}");
    }

    @Test
    void everyReaderGetsWhatItsFilterMatchesInIdOrderAcrossPages() {
        // Random topics and users, more than three read pages: each store's reads (pages, indexes,
        // prefilters) must give exactly what EventFilter.matches says, in both directions.
        EventLog log = open();
        List<StoredEvent> stored = log.appendAll(RandomAudiences.drafts(1600));
        List<EventFilter> readers = RandomAudiences.readers();
        long middle = stored.get(800).id();
        for (EventFilter f : readers) {
            List<Long> all = stored.stream().filter(f::matches).map(StoredEvent::id).toList();
            List<Long> fromMiddle = all.stream().filter(id -> id > middle).limit(300).toList();
            List<Long> beforeMiddle = all.stream().filter(id -> id < middle).toList();
            assertThat(all).as("the test's own reader %s", f).isNotEmpty();
            assertThat(log.readAfter(0, f, 2000)).extracting(StoredEvent::id).as("all of %s", f).isEqualTo(all);
            assertThat(log.readAfter(middle, f, 300)).extracting(StoredEvent::id).isEqualTo(fromMiddle);
            assertThat(log.readBefore(Long.MAX_VALUE, f, 700)).extracting(StoredEvent::id)
                    .isEqualTo(all.subList(Math.max(0, all.size() - 700), all.size()));
            assertThat(log.readBefore(middle, f, 50)).extracting(StoredEvent::id)
                    .isEqualTo(beforeMiddle.subList(Math.max(0, beforeMiddle.size() - 50), beforeMiddle.size()));
        }
    }

    @Test
    void expiredAndOtherUsersEventsAreNotRead() {
        EventLog log = open();
        log.append(new EventDraft(T0, List.of("all"), List.of(), T0.plusSeconds(10), "{\"message\":\"short\"}"));
        log.append(new EventDraft(T0, List.of("all"), List.of("alice"), null, "{\"message\":\"for alice\"}"));
        log.append(draft("public"));
        assertThat(messages(log.readAfter(0, new EventFilter(null, null, T0.plusSeconds(5)), 10)))
                .containsExactly("{\"message\":\"short\"}", "{\"message\":\"public\"}");
        assertThat(messages(log.readAfter(0, new EventFilter(null, "alice", T0.plusSeconds(11)), 10)))
                .containsExactly("{\"message\":\"for alice\"}", "{\"message\":\"public\"}");
    }

    @Test
    void appendAllStoresABatchInOrderAndListenersSeeEachOnce() throws Exception {
        EventLog log = open();
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(e -> seen.add(e.id()));
        StoredEvent before = log.append(draft("before"));
        List<List<StoredEvent>> batches = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                futures.add(pool.submit(() -> batches.add(log.appendAll(
                        List.of(draft("b" + n + "-0"), draft("b" + n + "-1"), draft("b" + n + "-2"))))));
                futures.add(pool.submit(() -> log.append(draft("single" + n))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(batches).hasSize(20);
        for (List<StoredEvent> batch : batches) {
            assertThat(batch).extracting(StoredEvent::id).isSorted().doesNotHaveDuplicates();
            String prefix = batch.getFirst().payload().replaceAll(".*\"(b\\d+)-0\".*", "$1");
            assertThat(messages(batch)).containsExactly("{\"message\":\"" + prefix + "-0\"}",
                    "{\"message\":\"" + prefix + "-1\"}", "{\"message\":\"" + prefix + "-2\"}");
        }
        assertThat(seen).hasSize(81).isSorted().doesNotHaveDuplicates();
        assertThat(log.readAfter(before.id(), EventFilter.everything(T0), 1000)).hasSize(80);
    }

    @Test
    void listenersSeeEveryEventOnceInIdOrderUnderConcurrentAppends() throws Exception {
        EventLog log = open();
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(e -> seen.add(e.id()));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<StoredEvent>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                futures.add(pool.submit(() -> log.append(draft("c" + n))));
            }
            for (Future<StoredEvent> f : futures) {
                f.get();
            }
        }
        assertThat(seen).hasSize(400).isSorted().doesNotHaveDuplicates();
        assertThat(log.latestId()).isEqualTo(seen.getLast());
    }

    @Test
    void retentionByCountKeepsTheNewestAndRecordsWhatWasPruned() {
        EventLog log = open(new EventLog.Retention(5, null));
        List<StoredEvent> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(log.append(draft("m" + i)));
        }
        log.prune(T0);
        List<StoredEvent> kept = log.readAfter(0, EventFilter.everything(T0), 100);
        assertThat(kept).extracting(StoredEvent::id).containsExactlyElementsOf(
                all.subList(7, 12).stream().map(StoredEvent::id).toList());
        assertThat(log.prunedThrough()).isEqualTo(all.get(6).id());
        assertThat(log.latestId()).isEqualTo(all.get(11).id());
        assertThat(log.position()).as("both in one read, as a stream's setup takes them")
                .isEqualTo(new EventLog.Position(all.get(11).id(), all.get(6).id()));
    }

    @Test
    void retentionByAgeDropsOldEvents() {
        EventLog log = open(new EventLog.Retention(1000, Duration.ofHours(1)));
        StoredEvent old = log.append(draft(T0, "old", List.of()));
        StoredEvent fresh = log.append(draft(T0.plus(Duration.ofHours(2)), "fresh", List.of()));
        int removed = log.prune(T0.plus(Duration.ofMinutes(150)));
        assertThat(removed).isEqualTo(1);
        assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).extracting(StoredEvent::id)
                .containsExactly(fresh.id());
        assertThat(log.prunedThrough()).isEqualTo(old.id());
    }

    @Test
    void retractRemovesOneEventForGoodAndIdsKeepGrowing() {
        EventLog log = open();
        StoredEvent a = log.append(draft("a"));
        StoredEvent b = log.append(draft("b", "ops"));
        StoredEvent c = log.append(draft("c"));
        StoredEvent removed = log.retract(b.id());
        assertThat(removed).isNotNull();
        assertThat(removed.id()).isEqualTo(b.id());
        assertThat(removed.topics()).containsExactly("ops");
        assertThat(log.retract(b.id())).as("already retracted").isNull();
        assertThat(log.retract(c.id() + 100)).as("never stored").isNull();
        assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).extracting(StoredEvent::id)
                .containsExactly(a.id(), c.id());
        assertThat(log.readBefore(Long.MAX_VALUE, EventFilter.everything(T0), 10)).extracting(StoredEvent::id)
                .containsExactly(a.id(), c.id());
        StoredEvent d = log.append(draft("d"));
        assertThat(d.id()).isGreaterThan(c.id());
        assertThat(log.latestId()).isEqualTo(d.id());
    }

    @Test
    void controlEntriesAreStoredReadBackAndFramedAsNamedEvents() {
        EventLog log = open();
        StoredEvent n = log.append(draft("n", "ops"));
        List<StoredEvent> seen = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(seen::add);
        StoredEvent control = log.append(EventDraft.control("retract", T0, List.of("ops"), List.of(),
                "{\"id\":" + n.id() + "}"));
        assertThat(control.id()).isGreaterThan(n.id());
        StoredEvent read = log.readAfter(n.id(), new EventFilter(Set.of("ops"), null, T0), 10).getFirst();
        assertThat(read.eventName()).isEqualTo("retract");
        assertThat(read.isNotification()).isFalse();
        assertThat(read.json()).isEqualTo("{\"id\":" + n.id() + "}");
        assertThat(new String(read.frame(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("id: " + control.id() + "\nevent: retract\ndata: {\"id\":" + n.id() + "}\n\n");
        assertThat(n.isNotification()).isTrue();
        assertThat(seen).extracting(StoredEvent::eventName).contains("retract");
    }
}
