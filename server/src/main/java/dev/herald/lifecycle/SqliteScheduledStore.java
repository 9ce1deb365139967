package dev.herald.lifecycle;

import dev.herald.store.EventLogException;
import dev.herald.store.SqliteFile;
import dev.herald.store.SqliteSchema;

import java.nio.file.Files;
import java.nio.file.Path;
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
    /**
     * {@code scheduled.db}'s layout (SqliteSchema). Step 1: the scheduled table and its index as first written
     * (e71d2fe) and the text-valued meta table added later (ff9b21a), both kept unchanged since.
     */
    static final SqliteSchema SCHEMA = new SqliteSchema(List.of("""
                    CREATE TABLE IF NOT EXISTS scheduled (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      body TEXT NOT NULL,
                      due_ms INTEGER NOT NULL,
                      created_ms INTEGER NOT NULL,
                      status TEXT NOT NULL,
                      event_id INTEGER)""",
            "CREATE INDEX IF NOT EXISTS scheduled_pending ON scheduled (status, due_ms)",
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
    private final Connection db;
    // Set by builds that kept a cluster node's scheduled notifications here (before the shared store):
    // the tag in the ids it gave out, and the last row it made before the tag (those kept s-<n>).
    private final String knownTag;
    private final long untaggedUpto;
    private long changes; // bumped when the pending ones change (only this process writes the file)

    public SqliteScheduledStore(Path dir) {
        try {
            Files.createDirectories(dir);
            Connection c = new SqliteFile(dir.resolve("scheduled.db"), "FULL").open();
            try {
                SCHEMA.upgrade(c, dir.resolve("scheduled.db"));
            } catch (SQLException | RuntimeException e) {
                c.close(); // a refused file is not held open
                throw e;
            }
            db = c;
            knownTag = meta("node");
            String upto = meta("untagged_upto");
            untaggedUpto = upto == null ? 0 : Long.parseLong(upto);
        } catch (SqliteSchema.NewerFile e) {
            throw e; // names the file already
        } catch (Exception e) {
            throw new IllegalStateException("cannot open scheduled store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file exists with a scheduled notification still pending (one to move to a shared store). */
    public static boolean hasPending(Path dir) {
        if (!Files.exists(dir.resolve("scheduled.db"))) {
            return false;
        }
        try (SqliteScheduledStore store = new SqliteScheduledStore(dir)) {
            return !store.pending().isEmpty();
        }
    }

    @Override
    public boolean owns(ScheduledNotification.Id id) {
        // Ids a cluster node gave out (an older build kept them here) still name this file's rows.
        return id.node().isEmpty() || id.node().equals(knownTag);
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Pending ones with the ids they were given ({@code s-<tag>.<n>} for a cluster node's), soonest first. */
    public synchronized List<ScheduledNotification> pendingAsGiven() {
        return pending().stream().map(n -> knownTag != null && n.seq() > untaggedUpto
                ? new ScheduledNotification(n.seq(), n.body(), n.due(), n.created(), n.status(), n.eventId(), knownTag)
                : n).toList();
    }

    /** Drops one that now waits elsewhere (moved to the cluster's shared store). */
    public synchronized void forget(long seq) {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM scheduled WHERE seq = ?")) {
            ps.setLong(1, seq);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventLogException("could not remove a moved scheduled notification: " + e.getMessage(), e);
        }
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
            changes++;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new ScheduledNotification(keys.getLong(1), body, Instant.ofEpochMilli(due.toEpochMilli()),
                        Instant.ofEpochMilli(created.toEpochMilli()), ScheduledNotification.Status.PENDING, null, "");
            }
        } catch (SQLException e) {
            throw new EventLogException("could not store the scheduled notification: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized ScheduledNotification get(ScheduledNotification.Id id) {
        List<ScheduledNotification> found = query("SELECT " + COLUMNS + " FROM scheduled WHERE seq = ?", id.seq());
        return found.isEmpty() ? null : found.getFirst();
    }

    @Override
    public synchronized List<ScheduledNotification> pending() {
        return query("SELECT " + COLUMNS + " FROM scheduled WHERE status = 'PENDING' ORDER BY due_ms, seq LIMIT ?",
                Integer.MAX_VALUE);
    }

    @Override
    public synchronized PendingMark pendingMark() {
        try (PreparedStatement ps = db.prepareStatement("SELECT COUNT(*) FROM scheduled WHERE status = 'PENDING'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new PendingMark(changes, rs.getInt(1));
        } catch (SQLException e) {
            throw new EventLogException("could not count scheduled notifications: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<ScheduledNotification> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM scheduled ORDER BY seq DESC LIMIT ?", limit);
    }

    @Override
    public synchronized void finish(ScheduledNotification n, ScheduledNotification.Status status, Long eventId) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE scheduled SET status = ?, event_id = ? WHERE seq = ?")) {
            ps.setString(1, status.name());
            if (eventId == null) {
                ps.setNull(2, java.sql.Types.INTEGER);
            } else {
                ps.setLong(2, eventId);
            }
            ps.setLong(3, n.seq());
            ps.executeUpdate();
            changes++;
        } catch (SQLException e) {
            throw new EventLogException("could not update scheduled notification: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void forgetFinished(Instant before) {
        // AUTOINCREMENT: the seq of a deleted newest row is never given out again, so no s-id comes back.
        // IN rather than <> 'PENDING': each status is a range of the (status, due_ms) index, no full scan.
        try (PreparedStatement ps = db.prepareStatement(
                "DELETE FROM scheduled WHERE status IN ('SENT', 'CANCELLED', 'FAILED') AND due_ms < ?")) {
            ps.setLong(1, before.toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventLogException("could not drop old scheduled notifications: " + e.getMessage(), e);
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
                            ScheduledNotification.Status.valueOf(rs.getString(5)), eventId, ""));
                }
            }
        } catch (SQLException e) {
            throw new EventLogException("could not read scheduled notifications: " + e.getMessage(), e);
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
