package dev.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reader connection of {@link SqliteReaders} and the statements it prepared, kept for its next
 * reads. Why: SQLite parses and plans a statement on every prepare, ~30 µs here, while reading one
 * row by id with a prepared statement takes ~13 µs (docs/performance.md, sixteenth session). Used by
 * one thread at a time (it is borrowed from the pool).
 */
final class SqliteReader implements AutoCloseable {
    // The SQL varies with the filter's number of topics (SqlPrefilter): keep the most recent ones.
    static final int MAX_STATEMENTS = 32;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    SqliteReader(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql}, prepared on first use; its parameters are set anew by each read. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Drops a statement whose use failed, so the next read prepares it afresh. */
    void discard(String sql) {
        PreparedStatement ps = statements.remove(sql);
        if (ps != null) {
            closeQuietly(ps);
        }
    }

    int cached() {
        return statements.size();
    }

    @Override
    public void close() {
        statements.values().forEach(SqliteReader::closeQuietly);
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection still owns it and frees it when it closes
        }
    }
}
