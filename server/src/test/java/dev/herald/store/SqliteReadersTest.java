package dev.herald.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteReadersTest {
    @TempDir
    Path dir;

    @Test
    void eachReaderConnectionPreparesAStatementOnceAndKeepsIt() throws Exception {
        SqliteFile file = new SqliteFile(dir.resolve("herald.db"), "FULL");
        try (Connection c = file.open()) {
            SqliteFile.createSchema(c, file.path());
        }
        SqliteReaders readers = new SqliteReaders(2, file::open, new AudienceIndex());
        try {
            EventFilter ops = new EventFilter(Set.of("ops"), null, Instant.EPOCH);
            for (int i = 0; i < 6; i++) {
                assertThat(readers.readAfter(0, ops, 10)).isEmpty();
            }
            assertThat(readers.statementsKept()).as("one per connection, not one per read").isEqualTo(2);
            readers.readBefore(Long.MAX_VALUE, ops, 10);
            readers.readAfter(0, EventFilter.everything(Instant.EPOCH), 10); // other SQL: another statement
            assertThat(readers.statementsKept()).isBetween(3, 4);
        } finally {
            readers.close();
        }
        assertThat(readers.statementsKept()).as("closed: nothing left in the pool").isZero();
    }
}
