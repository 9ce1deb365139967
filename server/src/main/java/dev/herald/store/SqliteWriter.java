package dev.herald.store;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The event log's one writer connection, and what a failed write leaves behind. Used under the log's write
 * lock only.
 *
 * <p>Why it is replaced after a failure: on a full disk, an I/O error or some lock errors SQLite rolls the
 * whole transaction back by itself; the driver's {@code rollback()} then fails ("no transaction is active")
 * before it begins the next one, and the connection was left in SQLite's autocommit mode while the driver
 * believed otherwise. Every later insert was then committed on its own and its {@code commit()} failed:
 * publishes answered 503 were stored all the same (parts of batches too), never fanned out, and the log
 * never took writes again without a restart (found by filling a 2 MB tmpfs). A fresh connection has a
 * known state; rows a failed commit left in the file anyway (past the last acknowledged id) are deleted
 * before the next write, since their publishers were told nothing was accepted.
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SqliteWriter.class.getName());
    static final long PROBE_FREE = 1 << 20;
    private final SqliteFile file;
    private KeptStatements kept;
    private boolean mustCheck;
    private long acknowledgedThrough;
    // Rows the writes that failed since the last clean-up tried to insert: the most a failed commit can have left.
    private long triedSinceCheck;
    private volatile String down; // why writes fail (null: they go through)
    private final Object fileKey; // the file opened at start (inode), or null where there is none
    private final AtomicLong nextProbe = new AtomicLong(System.nanoTime());
    private boolean closed;

    SqliteWriter(SqliteFile file, long acknowledgedThrough) throws SQLException {
        this.file = file;
        this.acknowledgedThrough = acknowledgedThrough;
        this.kept = open();
        this.fileKey = fileKey(file.path());
    }

    /**
     * Null while the path still names the file opened at start, else what happened to it. A deleted or
     * replaced file took every later publish into a file no one would open again (acknowledged, then gone at
     * the next start); and a connection opened after a failed write would have opened whatever is there now
     * (seen: another, new database, ids from 1 again). Checked before each write and by health.
     */
    String fileProblem() {
        Object now = fileKey(file.path());
        if (now == null && !Files.exists(file.path())) {
            return file.path() + " was deleted while Herald runs: nothing more is stored until Herald is restarted "
                    + "(what was stored since the start is in the deleted file until then)";
        }
        return fileKey == null || fileKey.equals(now) ? null : file.path() + " was replaced by another file while "
                + "Herald runs: nothing more is stored until Herald is restarted";
    }

    private static Object fileKey(java.nio.file.Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private KeptStatements open() throws SQLException {
        Connection c = file.open();
        try {
            c.setAutoCommit(false);
            return new KeptStatements(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** The connection, usable: after a failure, a new one without what the failed write left. */
    Connection connection() throws SQLException {
        String problem = closed ? "the event log is closed" : fileProblem();
        if (problem != null) {
            throw new SQLException(problem);
        }
        if (kept == null) {
            kept = open();
        }
        if (mustCheck) {
            dropUnacknowledged();
            mustCheck = false;
        }
        return kept.connection();
    }

    PreparedStatement statement(String sql) throws SQLException {
        connection();
        return kept.statement(sql);
    }

    /** After a commit that went through: every id up to {@code id} is acknowledged. */
    void committed(long id) {
        acknowledgedThrough = Math.max(acknowledgedThrough, id);
        if (down != null) {
            LOG.info("event log: " + file.path() + " takes writes again");
            down = null;
        }
    }

    /**
     * A write failed: drops the connection (closing it rolls back whatever is left) and says why, in words
     * first (the disk is full, ...) and then SQLite's own message.
     */
    EventLogException failed(String doing, SQLException e, int rowsTried) {
        triedSinceCheck += rowsTried;
        String why = reason(e);
        if (down == null) {
            LOG.warning("event log: cannot write to " + file.path() + ": " + why);
        }
        down = why;
        mustCheck = true;
        if (kept != null) {
            kept.close();
            kept = null;
        }
        return new EventLogException("could not " + doing + ": " + why, e);
    }

    /**
     * Why writes fail now, or null when the last one went through. Once one failed, health is DOWN until one
     * goes through: each look tries a small write, at most once a second and never waiting for the write
     * lock (a publish would find out as well, but a node out of its load balancer's rotation gets none).
     */
    String failing(ReentrantLock writeLock) {
        long now = System.nanoTime();
        long due = nextProbe.get();
        if (down != null && now - due >= 0 && nextProbe.compareAndSet(due, now + 1_000_000_000L) && writeLock.tryLock()) {
            try {
                probe();
            } finally {
                writeLock.unlock();
            }
        }
        return down;
    }

    /**
     * A small write (a meta row), to learn whether writes go through again; not tried while the disk has less
     * than {@link #PROBE_FREE} left, since a write that small fits where the WAL already has room, and a
     * publish would still fail (seen on a full tmpfs: health went UP while every batch failed).
     */
    private void probe() {
        if (usableSpace() < PROBE_FREE) {
            return;
        }
        try {
            try (PreparedStatement ps = connection().prepareStatement(
                    "INSERT INTO meta (key, value) VALUES ('probe', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.executeUpdate();
            }
            kept.connection().commit();
            committed(acknowledgedThrough);
        } catch (SQLException e) {
            failed("write", e, 0);
        }
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(file.path()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE; // no answer: the write decides
        }
    }

    // Rows past the last acknowledged id come from a commit reported as failed, at most as many as the failed
    // writes tried. More than that were not ours to delete (another program wrote to the file): kept, and said.
    private void dropUnacknowledged() throws SQLException {
        Connection c = kept.connection();
        long past;
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM events WHERE id > ?")) {
            count.setLong(1, acknowledgedThrough);
            try (var rs = count.executeQuery()) {
                past = rs.next() ? rs.getLong(1) : 0;
            }
        }
        if (past > triedSinceCheck) {
            LOG.severe("event log: " + past + " notification(s) past id " + acknowledgedThrough + " in " + file.path()
                    + " that Herald did not write (at most " + triedSinceCheck + " could come from its failed writes): "
                    + "kept, not deleted; did another program write to the file?");
        } else if (past > 0) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM events WHERE id > ?")) {
                del.setLong(1, acknowledgedThrough);
                del.executeUpdate();
            }
            c.commit();
            LOG.warning("event log: removed " + past + " notification(s) past id " + acknowledgedThrough
                    + " that a failed commit left in " + file.path() + " (their publishers were answered 503)");
        }
        triedSinceCheck = 0;
    }

    /** The cause in words an operator can act on, then SQLite's message. */
    static String reason(SQLException e) {
        String words = e instanceof SQLiteException s ? words(s.getResultCode()) : null;
        return words == null ? e.getMessage() : words + " (" + e.getMessage() + ")";
    }

    private static String words(SQLiteErrorCode code) {
        String name = code.name();
        if (name.startsWith("SQLITE_FULL")) {
            return "the disk is full";
        } else if (name.startsWith("SQLITE_READONLY")) {
            return "the file or its directory is read-only";
        } else if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return "another process holds a lock on the file";
        } else if (name.startsWith("SQLITE_IOERR")) {
            return "the disk refused a write (I/O error)";
        } else if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
            return "the file is damaged or not a database";
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }
}
