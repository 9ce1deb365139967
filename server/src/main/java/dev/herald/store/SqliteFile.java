package dev.herald.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * A SQLite file as Herald opens it (WAL, the synchronous pragma, a 5 s busy timeout); for the event
 * log also its schema, saved counters and retention SQL. The scheduled-sends store opens its own file
 * the same way.
 */
public final class SqliteFile {
    static final String INSERT = "INSERT INTO events (time_ms, expires_ms, topics, users, payload) VALUES (?, ?, ?, ?, ?)";
    private final Path path;
    private final String synchronous;

    /** @param synchronous SQLite's synchronous pragma: FULL (fsync each commit) or NORMAL */
    public SqliteFile(Path path, String synchronous) {
        this.path = path;
        this.synchronous = "NORMAL".equalsIgnoreCase(synchronous) ? "NORMAL" : "FULL";
    }

    Path path() {
        return path;
    }

    /** A new connection in WAL mode; writers wait up to 5 s for a lock instead of failing. */
    public Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=" + synchronous);
            st.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    /**
     * {@code herald.db}'s layout, step by step (SqliteSchema). Step 1 is the layout every build wrote from the
     * first commit (c0db9c3) to the one that began numbering it. A new table joins as a new step at the end.
     */
    static final SqliteSchema SCHEMA = new SqliteSchema(
            List.of("""
                    CREATE TABLE IF NOT EXISTS events (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      time_ms INTEGER NOT NULL,
                      expires_ms INTEGER,
                      topics TEXT NOT NULL,
                      users TEXT NOT NULL,
                      payload TEXT NOT NULL)""",
                    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"));

    /**
     * Creates the tables when missing (the events table and a key/value table for counters), or brings an
     * older Herald's file up to this build's layout; refuses a newer Herald's file ({@link SqliteSchema.NewerFile}).
     */
    static void createSchema(Connection c, Path path) throws SQLException {
        SCHEMA.upgrade(c, path);
    }

    /** Stores one event with the {@link #INSERT} statement; the id SQLite gave it. */
    static StoredEvent insert(PreparedStatement ps, EventDraft d) throws SQLException {
        ps.setLong(1, d.time().toEpochMilli());
        if (d.expiresAt() == null) {
            ps.setNull(2, java.sql.Types.INTEGER);
        } else {
            ps.setLong(2, d.expiresAt().toEpochMilli());
        }
        ps.setString(3, StoredNames.join(d.topics()));
        ps.setString(4, StoredNames.join(d.users()));
        ps.setString(5, d.payload());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return new StoredEvent(keys.getLong(1), d);
        }
    }

    /** The file's instance id: made once, in the transaction that first sees it missing (a new file). */
    static String instanceId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO meta (key, value) VALUES ('instance', ?)")) {
            ps.setLong(1, InstanceIds.newBits());
            ps.executeUpdate();
        }
        return InstanceIds.text(queryLong(c, "SELECT value FROM meta WHERE key = 'instance'"));
    }

    /**
     * The highest id ever given out (AUTOINCREMENT never reuses one, even after a prune), or the highest
     * stored if that is higher: a file rebuilt by hand or by a tool that did not carry {@code sqlite_sequence}
     * must not make stored rows look unacknowledged (SqliteWriter deletes those after a failed write).
     */
    static long lastId(Connection c) throws SQLException {
        return Math.max(queryLong(c, "SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
                queryLong(c, "SELECT MAX(id) FROM events"));
    }

    /** Every id up to this one was pruned (0: none). */
    static long prunedThrough(Connection c) throws SQLException {
        return queryLong(c, "SELECT value FROM meta WHERE key = 'pruned_through'");
    }

    /** The highest id the retention (count, then age) lets go; 0: none. */
    static long retentionCut(Connection c, EventLog.Retention retention, Instant now) throws SQLException {
        long cut = queryCut(c, "SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?", retention.maxEvents());
        if (retention.maxAge() != null) {
            cut = Math.max(cut, queryCut(c, "SELECT MAX(id) FROM events WHERE time_ms < ?",
                    now.minus(retention.maxAge()).toEpochMilli()));
        }
        return cut;
    }

    /** Deletes every event up to {@code cut} and records the cut, in the caller's transaction. */
    static int deleteThrough(Connection c, long cut) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM events WHERE id <= ?");
             PreparedStatement meta = c.prepareStatement(
                     "INSERT INTO meta (key, value) VALUES ('pruned_through', ?) "
                             + "ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value)")) {
            del.setLong(1, cut);
            int removed = del.executeUpdate();
            meta.setLong(1, cut);
            meta.executeUpdate();
            return removed;
        }
    }

    private static long queryCut(Connection c, String sql, long param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
