package dev.herald.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteEventLogTest extends EventLogContract {
    @TempDir
    Path dir;

    @Override
    protected EventLog create(EventLog.Retention retention) {
        SqliteEventLog log = new SqliteEventLog(dir, retention, "FULL");
        try { // so the contract's reads of some topics go through the index, not the scan it starts with
            assertThat(log.awaitAudienceIndex(Duration.ofSeconds(10))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return log;
    }

    @Test
    void survivesReopenAndIdsKeepIncreasingEvenAfterPruningEverything() {
        EventLog.Retention keepTwo = new EventLog.Retention(2, null);
        EventLog first = create(keepTwo);
        StoredEvent a = first.append(draft("a"));
        first.append(draft("b"));
        StoredEvent c = first.append(draft("c"));
        first.prune(T0);
        first.close();

        EventLog second = open(keepTwo);
        assertThat(second.latestId()).isEqualTo(c.id());
        assertThat(second.prunedThrough()).isEqualTo(a.id());
        assertThat(second.readAfter(0, EventFilter.everything(T0), 10)).hasSize(2);
        StoredEvent d = second.append(draft("d"));
        assertThat(d.id()).isGreaterThan(c.id());
    }

    @Test
    void theInstanceIdSurvivesReopenAndANewFileGetsAnother(@TempDir Path other) {
        EventLog first = create(new EventLog.Retention(10, null));
        String id = first.instanceId();
        first.close();
        assertThat(open().instanceId()).isEqualTo(id);
        EventLog fresh = new SqliteEventLog(other, new EventLog.Retention(10, null), "FULL");
        try {
            assertThat(fresh.instanceId()).isNotBlank().isNotEqualTo(id);
        } finally {
            fresh.close();
        }
    }

    @Test
    void usesWalAndStoresWhatWasAcknowledged() throws Exception {
        EventLog log = open();
        StoredEvent e = log.append(new EventDraft(T0, List.of("ops", "dev"), List.of("u1"), null, "{\"message\":\"x\"}"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = st.executeQuery("SELECT id, topics, users, payload FROM events")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(e.id());
                assertThat(rs.getString(2)).isEqualTo("ops\ndev");
                assertThat(rs.getString(3)).isEqualTo("u1");
                assertThat(rs.getString(4)).isEqualTo("{\"message\":\"x\"}");
            }
        }
    }

    @Test
    void readsSeeEveryLaterWriteAndHoldNoSnapshot() throws Exception {
        EventLog log = open();
        EventFilter ops = new EventFilter(Set.of("ops"), null, T0);
        for (int i = 1; i <= 12; i++) { // more rounds than reader connections: kept statements are reused (SqliteReadersTest)
            log.append(draft("m" + i, "ops"));
            assertThat(log.readAfter(0, ops, 100)).hasSize(i);
            assertThat(log.readBefore(Long.MAX_VALUE, ops, 100)).hasSize(i);
            assertThat(log.health().up()).isTrue();
        }
        StoredEvent gone = log.readAfter(0, ops, 1).getFirst();
        log.retract(gone.id());
        assertThat(log.readAfter(0, ops, 100)).hasSize(11).noneMatch(e -> e.id() == gone.id());
        // A statement left mid-read would pin its snapshot and keep the WAL from being checkpointed.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("checkpoint blocked by a reader").isZero();
        }
    }

    @Test
    void theAudienceIndexIsRebuiltAtOpenAndFollowsRetractsAndPrunes() throws Exception {
        EventLog first = create(new EventLog.Retention(6, null));
        List<StoredEvent> stored = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            stored.add(first.append(new EventDraft(T0, List.of(i % 2 == 0 ? "ops" : "dev"), i % 3 == 0 ? List.of("ann") : List.of(),
                    null, "{\"message\":\"m" + i + "\"}")));
        }
        first.retract(stored.get(7).id());
        first.prune(T0); // m7 retracted; the newest six left: m2..m6, m8
        first.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement()) { // as an older Herald (or sqlite3) would add one
            st.execute("INSERT INTO events (time_ms, topics, users, payload) VALUES (0, 'ops', 'ann', '{\"message\":\"m9\"}')");
        }
        EventLog second = open(new EventLog.Retention(6, null));
        assertThat(messagesOf(second.readAfter(0, new EventFilter(Set.of("ops"), "ann", T0), 10)))
                .containsExactly("m2", "m4", "m6", "m8", "m9");
        assertThat(messagesOf(second.readAfter(0, new EventFilter(Set.of("dev"), null, T0), 10))).containsExactly("m5");
        assertThat(messagesOf(second.readBefore(Long.MAX_VALUE, new EventFilter(Set.of("dev"), null, T0, t -> true, true), 10)))
                .containsExactly("m3", "m5");
        second.retract(stored.get(4).id());
        second.append(draft("m10", "ops"));
        second.prune(T0); // m4 retracted, m2 pruned
        assertThat(messagesOf(second.readAfter(0, new EventFilter(Set.of("ops"), "ann", T0), 10)))
                .containsExactly("m6", "m8", "m9", "m10");
    }

    @Test
    void readsThroughTheIndexAnswerWhatAScanAnswers() throws Exception {
        EventLog log = open();
        log.appendAll(RandomAudiences.drafts(1600));
        log.retract(700);
        // Readers of the same file whose index is never built: they scan, as reads do while it is built.
        SqliteReaders scanning = new SqliteReaders(1, new SqliteFile(dir.resolve("herald.db"), "FULL")::open,
                new AudienceIndex());
        try {
            int seen = RandomAudiences.assertReadsMatch(log, scanning::readAfter, scanning::readBefore, new long[] {0, 699, 1000, 1601}, 900);
            assertThat(seen).isGreaterThan(3000);
        } finally {
            scanning.close();
        }
    }

    @Test
    void eventsStoredWhileTheIndexIsBuiltAreFoundOnceItIsDone() throws Exception {
        EventLog first = open();
        first.appendAll(RandomAudiences.drafts(1600));
        first.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement()) { // enough rows that the build takes a while
            st.execute("INSERT INTO events (time_ms, topics, users, payload) SELECT time_ms, topics, users, payload FROM events");
            st.execute("INSERT INTO events (time_ms, topics, users, payload) SELECT time_ms, topics, users, payload FROM events");
            st.execute("INSERT INTO events (time_ms, topics, users, payload) SELECT time_ms, topics, users, payload FROM events");
        }
        SqliteEventLog log = new SqliteEventLog(dir, new EventLog.Retention(12_000, null), "FULL");
        try {
            log.appendAll(RandomAudiences.drafts(300)); // while the index is (likely) still being built
            log.retract(12_000);
            log.prune(T0); // 12,800 + 300 - 1 stored: the oldest 1,099 go
            assertThat(log.awaitAudienceIndex(Duration.ofSeconds(30))).isTrue();
            log.append(draft("after", "a"));
            SqliteReaders scanning = new SqliteReaders(1, new SqliteFile(dir.resolve("herald.db"), "FULL")::open,
                    new AudienceIndex());
            try {
                for (EventFilter f : RandomAudiences.readers()) {
                    assertThat(ids(log.readAfter(0, f, 20_000))).as("%s", f).isEqualTo(ids(scanning.readAfter(0, f, 20_000)))
                            .isNotEmpty().doesNotContain(12_000L).allMatch(id -> id > 1_099);
                }
            } finally {
                scanning.close();
            }
        } finally {
            log.close();
        }
    }

    private static List<Long> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }

    private static List<String> messagesOf(List<StoredEvent> events) {
        return events.stream().map(e -> e.payload().replaceAll(".*\"(m\\d+)\".*", "$1")).toList();
    }

    @Test
    void appendAfterCloseFailsInsteadOfPretending() {
        EventLog log = create(new EventLog.Retention(10, null));
        log.close();
        assertThatThrownBy(() -> log.append(draft("late"))).isInstanceOf(EventLogException.class);
        assertThat(log.health().up()).isFalse();
    }
}
