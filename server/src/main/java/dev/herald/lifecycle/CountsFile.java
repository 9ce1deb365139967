package dev.herald.lifecycle;

import dev.herald.store.SqliteFile;
import dev.herald.store.SqliteSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * {@code counts.db} in the data dir: the delivery and receipt counts of one node's notifications, so
 * they outlive a restart. A file of its own, not a table in {@code herald.db}: SQLite has one writer per
 * file, and the event log's writer commits every publish, so this file's writes never wait for it nor
 * hold it up. {@code synchronous=NORMAL}: a crash of Herald loses nothing committed; a power cut may
 * lose the last commits (counts, never notifications).
 * <p>
 * One row per notification and run: run 0 holds every earlier run's counts added up (done at open),
 * run 1 this run's own, which only this run writes. So a run never adds to a number it wrote itself,
 * and nothing is counted twice. A null column is "not known in that run". Every call is synchronized.
 */
final class CountsFile implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CountsFile.class.getName());
    static final String NAME = "counts.db";
    static final int EARLIER = 0;
    static final int THIS_RUN = 1;
    /** The file's layout, versioned like herald.db's (SqliteSchema): a newer Herald's file is left alone. */
    static final SqliteSchema SCHEMA = new SqliteSchema(List.of("""
            CREATE TABLE IF NOT EXISTS counts (
              id INTEGER NOT NULL,
              run INTEGER NOT NULL,
              recipients INTEGER,
              delivered INTEGER,
              pages INTEGER,
              seen INTEGER,
              users TEXT,
              PRIMARY KEY (id, run)) WITHOUT ROWID"""),
            // Step 2: which event log the ids are of (its instance id): see forgetOtherLogs.
            List.of("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
    private final Connection db;

    /** A row: its numbers (null: not known) as {@link NotificationCounts.Counts}, users as saved JSON. */
    record Row(NotificationCounts.Counts counts, String users) {
    }

    /**
     * @param logInstance the event log's instance id ({@code EventLog.instanceId})
     * @param latestId    the newest id the log holds now
     */
    CountsFile(Path dir, String logInstance, long latestId) {
        Connection opened = null;
        try {
            Files.createDirectories(dir);
            opened = new SqliteFile(dir.resolve(NAME), "NORMAL").open();
            db = opened;
            SCHEMA.upgrade(db, dir.resolve(NAME));
            forgetOtherLogs(logInstance, latestId);
            addUpEarlierRuns();
        } catch (SqliteSchema.NewerFile e) {
            closeQuietly(opened);
            throw e; // names the file already
        } catch (Exception e) {
            closeQuietly(opened);
            throw new IllegalStateException("cannot open " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    /*
     * Counts of ids the log does not hold go, in one transaction: those of another log (herald.db deleted or
     * replaced: ids start from 1 again, and the old counts landed on the new notifications), and those above
     * the log's newest id (a restored backup gives those ids out again). A file from before step 2 names no
     * log: it was this one's.
     */
    private void forgetOtherLogs(String logInstance, long latestId) throws SQLException {
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            String counted = null;
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'log'")) {
                if (rs.next()) {
                    counted = rs.getString(1);
                }
            }
            int gone = st.executeUpdate(counted != null && !counted.equals(logInstance) ? "DELETE FROM counts"
                    : "DELETE FROM counts WHERE id > " + latestId);
            try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('log', ?)")) {
                ps.setString(1, logInstance);
                ps.executeUpdate();
            }
            db.commit();
            if (gone > 0) {
                LOG.info(NAME + ": " + gone + " saved counts dropped, of notifications this event log does not hold"
                        + (counted != null && !counted.equals(logInstance) ? " (they were another log's: " + counted + ")" : ""));
            }
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    // The last run's rows (run 1) join run 0, in one transaction: a crash meanwhile leaves both as they were.
    private void addUpEarlierRuns() throws SQLException {
        Map<Long, Row> last = rows("SELECT id, recipients, delivered, pages, seen, users FROM counts WHERE run = "
                + THIS_RUN);
        if (last.isEmpty()) {
            return;
        }
        Map<Long, Row> earlier = rows("SELECT id, recipients, delivered, pages, seen, users FROM counts WHERE run = "
                + EARLIER + " AND id IN (SELECT id FROM counts WHERE run = " + THIS_RUN + ")");
        List<Row> sums = new ArrayList<>();
        last.forEach((id, row) -> {
            Row before = earlier.get(id);
            if (before == null) {
                sums.add(row);
                return;
            }
            Map<String, ReceiptLedger.UserReceipt> users = new TreeMap<>();
            UserReceipts.merge(users, UserReceipts.parse(before.users()));
            UserReceipts.merge(users, UserReceipts.parse(row.users()));
            sums.add(new Row(SqliteCounts.plus(before.counts(), row.counts()),
                    users.isEmpty() ? null : UserReceipts.json(UserReceipts.kept(users))));
        });
        db.setAutoCommit(false);
        try {
            upsert(EARLIER, sums);
            try (Statement st = db.createStatement()) {
                st.executeUpdate("DELETE FROM counts WHERE run = " + THIS_RUN);
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Every earlier run's counts (no users), by id. */
    synchronized Map<Long, NotificationCounts.Counts> earlier() {
        try {
            Map<Long, NotificationCounts.Counts> out = new HashMap<>();
            rows("SELECT id, recipients, delivered, pages, seen, NULL FROM counts WHERE run = " + EARLIER)
                    .forEach((id, row) -> out.put(id, row.counts()));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The saved users of one notification, by run. */
    synchronized Map<Integer, String> users(long id) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT run, users FROM counts WHERE id = ? AND users IS NOT NULL")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * In one transaction: this run's rows (a null users keeps the saved list), the removal of every row
     * of {@code forget}, and of the ids at or below {@code through}, then of all but the newest
     * {@code kept} notifications. Returns the highest id removed by id (every row at or below it is gone; 0 when none).
     */
    synchronized long write(Collection<Row> rows, Collection<Long> forget, long through, int kept) throws SQLException {
        db.setAutoCommit(false);
        try {
            upsert(THIS_RUN, rows);
            try (PreparedStatement del = db.prepareStatement("DELETE FROM counts WHERE id = ?")) {
                for (long id : forget) {
                    del.setLong(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
            long floor = Math.max(through, nthNewest(kept + 1));
            try (PreparedStatement del = db.prepareStatement("DELETE FROM counts WHERE id <= ?")) {
                del.setLong(1, floor);
                del.executeUpdate();
            }
            db.commit();
            return floor;
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    // SQLite may have rolled back by itself (a full disk): a failing rollback must not hide why.
    private void rollback(Exception cause) {
        try {
            db.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    // The id of the n-th newest notification with counts, or 0 when there are fewer.
    private long nthNewest(int n) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT DISTINCT id FROM counts ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            ps.setInt(1, n - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void upsert(int run, Collection<Row> rows) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO counts (id, run, recipients, delivered, pages, seen, users) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id, run) DO UPDATE SET recipients = excluded.recipients, delivered = excluded.delivered,
                  pages = excluded.pages, seen = excluded.seen, users = coalesce(excluded.users, counts.users)""")) {
            for (Row r : rows) {
                NotificationCounts.Counts c = r.counts();
                ps.setLong(1, c.id());
                ps.setInt(2, run);
                setNullable(ps, 3, c.recipients());
                setNullable(ps, 4, c.delivered());
                setNullable(ps, 5, c.pagesDelivered());
                setNullable(ps, 6, c.seen());
                ps.setString(7, r.users());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setNullable(PreparedStatement ps, int i, Number n) throws SQLException {
        if (n == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, n.longValue());
        }
    }

    private Map<Long, Row> rows(String select) throws SQLException {
        Map<Long, Row> out = new TreeMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(select)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                out.put(id, new Row(new NotificationCounts.Counts(id, intOrNull(rs, 2), longOrNull(rs, 3),
                        intOrNull(rs, 4), intOrNull(rs, 5), List.of()), rs.getString(6)));
            }
        }
        return out;
    }

    private static Integer intOrNull(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    @Override
    public synchronized void close() {
        closeQuietly(db);
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            // closing: nothing is left to save
        }
    }
}
