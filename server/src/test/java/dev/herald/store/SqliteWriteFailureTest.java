package dev.herald.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After a failed write the log's writer starts over on a fresh connection, and first deletes what a commit
 * reported as failed may have left in the file (rows past the last acknowledged id: their publishers were
 * answered 503). The failure here is another process's write lock, held past the 5 s busy timeout.
 */
class SqliteWriteFailureTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRowPastTheLastAcknowledgedIdIsDeletedBeforeTheNextWriteAndHealthIsDownMeanwhile() throws Exception {
        SqliteEventLog log = new SqliteEventLog(dir, new EventLog.Retention(1_000, null), "FULL");
        try {
            StoredEvent first = log.append(draft("first"));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
                 Statement st = other.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
                // What a commit reported as failed can leave behind (its row went to disk all the same).
                st.execute("INSERT INTO events (time_ms, topics, users, payload) VALUES (0, 'all', '', '{\"message\":\"orphan\"}')");
                st.execute("BEGIN IMMEDIATE");
                assertThatThrownBy(() -> log.append(draft("refused")))
                        .isInstanceOf(EventLogException.class)
                        .hasMessageContaining("could not store: another process holds a lock on the file");
                assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).as("only acknowledged rows are read")
                        .extracting(StoredEvent::id).containsExactly(first.id());
                EventLog.Health h = log.health();
                assertThat(h.up()).isFalse();
                assertThat(h.detail()).contains("cannot write: another process holds a lock on the file");
                st.execute("ROLLBACK");
            }
            StoredEvent next = log.append(draft("next"));
            assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).extracting(StoredEvent::id)
                    .containsExactly(first.id(), next.id());
            assertThat(next.id()).as("the deleted row's id is not given out again").isEqualTo(first.id() + 2);
            assertThat(log.latestId()).isEqualTo(next.id());
            assertThat(log.health().up()).isTrue();
        } finally {
            log.close();
        }
    }

    @Test
    void rowsPastAnOutdatedSequenceAreNotTakenForWhatAFailedWriteLeft() throws Exception {
        SqliteEventLog before = new SqliteEventLog(dir, new EventLog.Retention(1_000, null), "FULL");
        for (String m : List.of("one", "two", "three")) {
            before.append(draft(m));
        }
        before.close();
        // A file rebuilt by a tool that did not carry sqlite_sequence along.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = other.createStatement()) {
            st.execute("UPDATE sqlite_sequence SET seq = 1 WHERE name = 'events'");
        }
        SqliteEventLog log = new SqliteEventLog(dir, new EventLog.Retention(1_000, null), "FULL");
        try {
            failOneWrite(log, null);
            StoredEvent next = log.append(draft("four"));
            assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).extracting(StoredEvent::id)
                    .containsExactly(1L, 2L, 3L, next.id());
            assertThat(next.id()).isEqualTo(4);
        } finally {
            log.close();
        }
    }

    @Test
    void moreRowsThanTheFailedWritesTriedAreKeptNotDeleted() throws Exception {
        SqliteEventLog log = new SqliteEventLog(dir, new EventLog.Retention(1_000, null), "FULL");
        try {
            StoredEvent first = log.append(draft("first"));
            // Two rows another program wrote; the refused append tried one.
            failOneWrite(log, "INSERT INTO events (time_ms, topics, users, payload) VALUES "
                    + "(0, 'all', '', '{\"message\":\"a\"}'), (0, 'all', '', '{\"message\":\"b\"}')");
            StoredEvent next = log.append(draft("next"));
            assertThat(log.readAfter(0, EventFilter.everything(T0), 10)).extracting(StoredEvent::id)
                    .containsExactly(first.id(), first.id() + 1, first.id() + 2, next.id());
        } finally {
            log.close();
        }
    }

    // Another process writes {@code sql} (if any) and holds the write lock past the busy timeout: one append fails.
    private void failOneWrite(SqliteEventLog log, String sql) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = other.createStatement()) {
            if (sql != null) {
                st.execute(sql);
            }
            st.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> log.append(draft("refused"))).isInstanceOf(EventLogException.class);
            st.execute("ROLLBACK");
        }
    }

    private static EventDraft draft(String message) {
        return new EventDraft(T0, List.of("all"), List.of(), null, "{\"message\":\"" + message + "\"}");
    }
}
