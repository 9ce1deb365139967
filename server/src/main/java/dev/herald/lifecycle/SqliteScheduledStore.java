package dev.herald.lifecycle;

import dev.herald.store.SqliteFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled notifications in {@code scheduled.db} beside the event log: a file of its own, so
 * its few writes never queue behind the log's group-commit writer. Every call is synchronized
 * (a handful per minute at most); each write is committed before it returns.
 */
public final class SqliteScheduledStore implements ScheduledStore {
    private static final String COLUMNS = "seq, body, due_ms, created_ms, status, event_id";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Connection db;
    private final String node;       // in this store's new ids: the tag in cluster mode, else empty
    private final String knownTag;   // the tag in the file (once made), or null: its ids are accepted in either mode
    private final long untaggedUpto; // rows made before the tag keep the s-<n> ids they were given

    public SqliteScheduledStore(Path dir) {
        this(dir, false);
    }

    /**
     * @param tagged cluster mode: ids name this store ({@code s-<node>.<seq>}) with a tag made once and
     *               kept in the file, so they stay the same across restarts and differ between nodes
     */
    public SqliteScheduledStore(Path dir, boolean tagged) {
        try {
            Files.createDirectories(dir);
            db = new SqliteFile(dir.resolve("scheduled.db"), "FULL").open();
            try (Statement st = db.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS scheduled (
                          seq INTEGER PRIMARY KEY AUTOINCREMENT,
                          body TEXT NOT NULL,
                          due_ms INTEGER NOT NULL,
                          created_ms INTEGER NOT NULL,
                          status TEXT NOT NULL,
                          event_id INTEGER)""");
                st.execute("CREATE INDEX IF NOT EXISTS scheduled_pending ON scheduled (status, due_ms)");
                st.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
            String stored = meta("node");
            if (tagged && stored == null) {
                stored = makeTag();
            }
            knownTag = stored;
            node = tagged ? stored : "";
            String upto = meta("untagged_upto");
            untaggedUpto = upto == null ? 0 : Long.parseLong(upto);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open scheduled store in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean owns(ScheduledNotification.Id id) {
        if (id.node().isEmpty()) {
            return node.isEmpty() || id.seq() <= untaggedUpto;
        }
        return id.node().equals(knownTag);
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // Six base-36 characters: 2 billion values, so two nodes of one cluster practically never share one.
    // The rows already there (a single node turned cluster node) keep their s-<n>: publishers hold those.
    private String makeTag() throws SQLException {
        String made = Long.toString(36L * 36 * 36 * 36 * 36 + RANDOM.nextLong(35L * 36 * 36 * 36 * 36 * 36), 36);
        long last;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM scheduled")) {
            last = rs.next() ? rs.getLong(1) : 0;
        }
        db.setAutoCommit(false);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('node', ?), ('untagged_upto', ?)")) {
            ps.setString(1, made);
            ps.setString(2, Long.toString(last));
            ps.executeUpdate();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
        return made;
    }

    private String nodeOf(long seq) {
        return seq <= untaggedUpto ? "" : node;
    }

    @Override
    public synchronized ScheduledNotification add(String body, Instant due, Instant created) {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO scheduled (body, due_ms, created_ms, status) VALUES (?, ?, ?, 'PENDING')",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, body);
            ps.setLong(2, due.toEpochMilli());
            ps.setLong(3, created.toEpochMilli());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new ScheduledNotification(keys.getLong(1), body, Instant.ofEpochMilli(due.toEpochMilli()),
                        Instant.ofEpochMilli(created.toEpochMilli()), ScheduledNotification.Status.PENDING, null,
                        nodeOf(keys.getLong(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the scheduled notification: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized ScheduledNotification get(long seq) {
        List<ScheduledNotification> found = query("SELECT " + COLUMNS + " FROM scheduled WHERE seq = ?", seq);
        return found.isEmpty() ? null : found.getFirst();
    }

    @Override
    public synchronized List<ScheduledNotification> pending() {
        return query("SELECT " + COLUMNS + " FROM scheduled WHERE status = 'PENDING' ORDER BY due_ms, seq LIMIT ?",
                Integer.MAX_VALUE);
    }

    @Override
    public synchronized List<ScheduledNotification> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM scheduled ORDER BY seq DESC LIMIT ?", limit);
    }

    @Override
    public synchronized void finish(long seq, ScheduledNotification.Status status, Long eventId) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE scheduled SET status = ?, event_id = ? WHERE seq = ?")) {
            ps.setString(1, status.name());
            if (eventId == null) {
                ps.setNull(2, java.sql.Types.INTEGER);
            } else {
                ps.setLong(2, eventId);
            }
            ps.setLong(3, seq);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update scheduled notification: " + e.getMessage(), e);
        }
    }

    private List<ScheduledNotification> query(String sql, long param) {
        List<ScheduledNotification> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setLong(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long sentAs = rs.getLong(6);
                    Long eventId = rs.wasNull() ? null : sentAs; // null until sent; asked right after column 6 is read
                    out.add(new ScheduledNotification(rs.getLong(1), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)),
                            ScheduledNotification.Status.valueOf(rs.getString(5)), eventId, nodeOf(rs.getLong(1))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read scheduled notifications: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
