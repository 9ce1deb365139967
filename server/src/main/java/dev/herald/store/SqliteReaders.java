package dev.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The read side of {@link SqliteEventLog}: a small pool of connections that WAL lets read beside
 * the single writer (replays of many reconnecting clients run in parallel).
 */
final class SqliteReaders implements AutoCloseable {
    private static final int READ_PAGE = 500;
    private static final String COLUMNS = "SELECT id, time_ms, expires_ms, topics, users, payload FROM events ";
    private static final String PING = "SELECT 1";
    private final BlockingQueue<KeptStatements> pool;
    private volatile boolean closed;

    /** Opens connections; must not fail half-way (the caller closes what it got on failure). */
    interface Opener {
        Connection open() throws SQLException;
    }

    SqliteReaders(int size, Opener opener) throws SQLException {
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(new KeptStatements(opener.open()));
        }
    }

    List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        return read("WHERE id > ?", " ORDER BY id LIMIT ?", afterId, filter, limit, false);
    }

    List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit) {
        return read("WHERE id < ?", " ORDER BY id DESC LIMIT ?", beforeId, filter, limit, true);
    }

    // Pages through the rows SQLite lets through (SqlPrefilter: the topics and users it can check
    // itself), and the filter decides on each of those in Java.
    private List<StoredEvent> read(String where, String order, long start, EventFilter filter, int limit,
                                   boolean descending) {
        SqlPrefilter pre = SqlPrefilter.of(filter);
        String sql = COLUMNS + where + pre.sql() + order;
        List<StoredEvent> out = new ArrayList<>();
        KeptStatements reader = borrow();
        try {
            PreparedStatement ps = reader.statement(sql);
            int limitIndex = pre.bind(ps, 2);
            long cursor = start;
            while (out.size() < limit) {
                ps.setLong(1, cursor);
                ps.setInt(limitIndex, READ_PAGE);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        rows++;
                        StoredEvent e = toEvent(rs);
                        cursor = e.id();
                        if (filter.matches(e)) {
                            out.add(e);
                        }
                    }
                }
                if (rows < READ_PAGE) {
                    break;
                }
            }
        } catch (SQLException e) {
            reader.discard(sql);
            throw new EventLogException("could not read: " + e.getMessage(), e);
        } finally {
            giveBack(reader);
        }
        return descending ? out.reversed() : out;
    }

    private static StoredEvent toEvent(ResultSet rs) throws SQLException {
        long expires = rs.getLong(3);
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new StoredEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), split(rs.getString(4)),
                split(rs.getString(5)), expiresAt, rs.getString(6));
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }

    private KeptStatements borrow() {
        if (closed) {
            throw new EventLogException("event log is closed");
        }
        try {
            KeptStatements r = pool.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new EventLogException("no free reader connection");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogException("interrupted", e);
        }
    }

    // A read that outlived close() closes its own connection (whichever of the two takes it from the pool).
    private void giveBack(KeptStatements reader) {
        pool.add(reader);
        if (closed && pool.remove(reader)) {
            reader.close();
        }
    }

    /** Statements kept by the readers not in use now. */
    int statementsKept() {
        return pool.stream().mapToInt(KeptStatements::cached).sum();
    }

    /** Null when a reader answers (or all are busy, which means they work), else the error. */
    String ping() {
        KeptStatements r = pool.poll();
        if (r == null) {
            return null;
        }
        try (ResultSet rs = r.statement(PING).executeQuery()) {
            rs.next();
            return null;
        } catch (SQLException e) {
            r.discard(PING);
            return e.getMessage();
        } finally {
            giveBack(r);
        }
    }

    @Override
    public void close() {
        closed = true;
        List<KeptStatements> all = new ArrayList<>();
        pool.drainTo(all);
        all.forEach(KeptStatements::close);
    }
}
