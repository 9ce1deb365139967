package dev.herald.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class KeptStatementsTest {
    @TempDir
    Path dir;

    @Test
    void preparesEachStatementOnceKeepsTheNewestAndClosesWhatItDrops() throws Exception {
        try (KeptStatements reader = new KeptStatements(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db")))) {
            PreparedStatement first = reader.statement("SELECT 0");
            assertThat(reader.statement("SELECT 0")).isSameAs(first);
            for (int i = 1; i <= KeptStatements.MAX_STATEMENTS; i++) {
                reader.statement("SELECT " + i);
            }
            assertThat(reader.cached()).isEqualTo(KeptStatements.MAX_STATEMENTS);
            assertThat(first.isClosed()).as("the least recently used one is closed").isTrue();
            PreparedStatement again = reader.statement("SELECT 0");
            assertThat(again).isNotSameAs(first);
            try (ResultSet rs = again.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
            reader.discard("SELECT 0");
            assertThat(again.isClosed()).isTrue();
            assertThat(reader.cached()).isEqualTo(KeptStatements.MAX_STATEMENTS - 1);
        }
    }

    @Test
    void closingClosesItsStatements() throws Exception {
        KeptStatements reader = new KeptStatements(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db")));
        PreparedStatement ps = reader.statement("SELECT 1");
        reader.close();
        assertThat(ps.isClosed()).isTrue();
        assertThat(reader.cached()).isZero();
    }
}
