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
    private static final int BY_ID = 64;
    private static final String BY_IDS = byIds(" ORDER BY id");
    private static final String BY_IDS_DESC = byIds(" ORDER BY id DESC");
    private static final String RANGE = COLUMNS + "WHERE id BETWEEN ?1 AND ?2 ORDER BY id";
    private static final String RANGE_DESC = COLUMNS + "WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC";
    private final AudienceIndex index;
    private final BlockingQueue<KeptStatements> pool;
    private volatile boolean closed;

    /** Opens connections; must not fail half-way (the caller closes what it got on failure). */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** The audience index's source: the file's events up to an id, read on a connection of its own. */
    static AudienceIndex.Source audienceOf(Opener opener) {
        return (through, into) -> {
            try (Connection c = opener.open();
                 PreparedStatement ps = c.prepareStatement("SELECT id, topics, users FROM events WHERE id <= ? ORDER BY id")) {
                ps.setLong(1, through);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        into.add(rs.getLong(1), StoredNames.split(rs.getString(2)), StoredNames.split(rs.getString(3)));
                    }
                }
            }
        };
    }

    SqliteReaders(int size, Opener opener, AudienceIndex index) throws SQLException {
        this.index = index;
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(new KeptStatements(opener.open()));
        }
    }

    List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        return read(afterId, filter, limit, false);
    }

    List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit) {
        return read(beforeId, filter, limit, true);
    }

    // Reads the rows the reader's keys in the audience index name or, for a reader of every topic (or
    // while the index is being built), the rows a scan with SqlPrefilter's checks lets through; the
    // filter decides on each in Java.
    private List<StoredEvent> read(long start, EventFilter filter, int limit, boolean descending) {
        List<String> keys = index.ready() ? AudienceIndex.keysFor(filter) : null;
        List<StoredEvent> out = new ArrayList<>();
        KeptStatements reader = borrow();
        try {
            if (keys == null) {
                scan(reader, start, filter, limit, descending, out);
            } else {
                lookUp(reader, keys, start, filter, limit, descending, out);
            }
        } finally {
            giveBack(reader);
        }
        return descending ? out.reversed() : out;
    }

    private void scan(KeptStatements reader, long start, EventFilter filter, int limit, boolean descending,
                      List<StoredEvent> out) {
        SqlPrefilter pre = SqlPrefilter.of(filter);
        String sql = COLUMNS + "WHERE id " + (descending ? "<" : ">") + " ?1" + pre.sql()
                + (descending ? " ORDER BY id DESC LIMIT ?2" : " ORDER BY id LIMIT ?2");
        try {
            PreparedStatement ps = reader.statement(sql);
            for (int i = 0; i < pre.params().size(); i++) {
                ps.setString(i + 3, pre.params().get(i));
            }
            long cursor = start;
            int rows = READ_PAGE;
            while (out.size() < limit && rows == READ_PAGE) {
                ps.setLong(1, cursor);
                ps.setInt(2, READ_PAGE);
                rows = 0;
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
            }
        } catch (SQLException e) {
            reader.discard(sql);
            throw new EventLogException("could not read: " + e.getMessage(), e);
        }
    }

    // Pages of ids from the index. A page whose ids lie close together is read as the range they span
    // (as cheap as a scan; the filter drops the few rows of others), a sparse one BY_ID ids at a time
    // (unused places hold -1, no event's id).
    private void lookUp(KeptStatements reader, List<String> keys, long start, EventFilter filter, int limit,
                        boolean descending, List<StoredEvent> out) {
        String[] sql = {null};
        try {
            index.walk(keys, start, index.indexedThrough(), descending, () -> limit - out.size(), (ids, dense) -> {
                int n = ids.length;
                if (dense) {
                    sql[0] = descending ? RANGE_DESC : RANGE;
                    PreparedStatement ps = reader.statement(sql[0]);
                    ps.setLong(1, Math.min(ids[0], ids[n - 1]));
                    ps.setLong(2, Math.max(ids[0], ids[n - 1]));
                    collect(ps, filter, limit, out);
                    return;
                }
                sql[0] = descending ? BY_IDS_DESC : BY_IDS;
                PreparedStatement ps = reader.statement(sql[0]);
                for (int from = 0; from < n && out.size() < limit; from += BY_ID) {
                    for (int i = 0; i < BY_ID; i++) {
                        ps.setLong(i + 1, from + i < n ? ids[from + i] : -1);
                    }
                    collect(ps, filter, limit, out);
                }
            });
        } catch (SQLException e) {
            if (sql[0] != null) {
                reader.discard(sql[0]);
            }
            throw new EventLogException("could not read: " + e.getMessage(), e);
        }
    }

    private static void collect(PreparedStatement ps, EventFilter filter, int limit, List<StoredEvent> out)
            throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && out.size() < limit) {
                StoredEvent e = toEvent(rs);
                if (filter.matches(e)) {
                    out.add(e);
                }
            }
        }
    }

    private static String byIds(String order) {
        StringBuilder sql = new StringBuilder(COLUMNS).append("WHERE id IN (?");
        sql.append(", ?".repeat(BY_ID - 1));
        return sql.append(')').append(order).toString();
    }

    private static StoredEvent toEvent(ResultSet rs) throws SQLException {
        long expires = rs.getLong(3);
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new StoredEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), StoredNames.split(rs.getString(4)),
                StoredNames.split(rs.getString(5)), expiresAt, rs.getString(6));
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
