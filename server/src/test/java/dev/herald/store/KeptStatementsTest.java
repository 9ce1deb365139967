package dev.herald.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class KeptStatementsTest {
    @TempDir
    Path dir;

    @Test
    void preparesEachStatementOnceAndClosesTheLeastRecentlyUsedBeyondTheCap() throws Exception {
        try (KeptStatements kept = new KeptStatements(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db")))) {
            PreparedStatement zero = kept.statement("SELECT 0");
            PreparedStatement one = kept.statement("SELECT 1");
            for (int i = 2; i < KeptStatements.MAX_STATEMENTS; i++) {
                kept.statement("SELECT " + i);
            }
            assertThat(kept.statement("SELECT 0")).as("kept, and now the most recently used").isSameAs(zero);
            kept.statement("SELECT " + KeptStatements.MAX_STATEMENTS); // one over the cap
            assertThat(kept.cached()).isEqualTo(KeptStatements.MAX_STATEMENTS);
            assertThat(one.isClosed()).as("the least recently used one goes").isTrue();
            assertThat(zero.isClosed()).isFalse();
            try (ResultSet rs = zero.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
            kept.discard("SELECT 0");
            assertThat(zero.isClosed()).isTrue();
            assertThat(kept.statement("SELECT 0")).as("prepared afresh after a discard").isNotSameAs(zero);
        }
    }

    @Test
    void closingClosesItsStatementsAndTheConnection() throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db"));
        KeptStatements reader = new KeptStatements(connection);
        PreparedStatement ps = reader.statement("SELECT 1");
        reader.close();
        assertThat(ps.isClosed()).isTrue();
        assertThat(reader.cached()).isZero();
        assertThat(connection.isClosed()).isTrue();
    }
}
