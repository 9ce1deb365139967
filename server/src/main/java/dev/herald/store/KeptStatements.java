package dev.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SQLite connection and the statements prepared on it, kept for the next use: a reader connection
 * of {@link SqliteReaders}, and the writer's insert. Why: SQLite parses and plans a statement on every
 * prepare, ~30 µs here, while reading one row by id with a prepared statement takes ~13 µs
 * (docs/performance.md, sixteenth session). Used by one thread at a time (a reader is borrowed from
 * its pool, the writer's is used under its write lock); synchronized all the same, because closing
 * may come from another thread while a late read or commit still runs. Closing it closes the connection.
 */
final class KeptStatements implements AutoCloseable {
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

    KeptStatements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The statement for {@code sql}, prepared on first use; its parameters are set anew by each read. */
    synchronized PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Drops a statement whose use failed, so the next read prepares it afresh. */
    synchronized void discard(String sql) {
        PreparedStatement ps = statements.remove(sql);
        if (ps != null) {
            closeQuietly(ps);
        }
    }

    synchronized int cached() {
        return statements.size();
    }

    @Override
    public synchronized void close() {
        statements.values().forEach(KeptStatements::closeQuietly);
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
