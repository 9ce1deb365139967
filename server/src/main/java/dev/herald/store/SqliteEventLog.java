package dev.herald.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default, durable event log: one SQLite file in WAL mode.
 *
 * <p>All writes go through one writer thread that commits whatever appends are waiting in one
 * transaction (group commit), so many publishers share each fsync and ids, commits and listener
 * calls all happen in the same order. Reads use a small pool of their own connections, which WAL
 * lets run beside the writer.
 */
public final class SqliteEventLog implements EventLog {
    private static final Logger LOG = Logger.getLogger(SqliteEventLog.class.getName());
    private static final int MAX_BATCH = 512;
    private static final int READERS = 4;
    private static final long PRUNE_EVERY_MS = 30_000;

    private final SqliteFile file;
    private final Retention retention;
    private final SqliteWriter writer; // replaced connection after a failed write; the insert kept
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SqliteReaders readers;
    private final AudienceIndex audience;
    private final String instance;
    private final BlockingQueue<PendingAppend> pending = new LinkedBlockingQueue<>();
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Thread writerThread;
    private volatile long lastId;
    private volatile long prunedThrough;
    private volatile boolean closed;

    /** One append call: its drafts go into the same transaction, in order. */
    private record PendingAppend(List<EventDraft> drafts, CompletableFuture<List<StoredEvent>> result) {
    }

    /**
     * Opens (creating when missing) {@code herald.db} in the directory.
     *
     * @param synchronous SQLite's synchronous pragma: FULL (fsync each commit) or NORMAL
     */
    public SqliteEventLog(Path dir, Retention retention, String synchronous) {
        this.file = new SqliteFile(dir.resolve("herald.db"), synchronous);
        this.retention = retention;
        try {
            Files.createDirectories(dir);
            try (Connection c = file.open()) {
                SqliteFile.createSchema(c, file.path());
                instance = SqliteFile.instanceId(c);
                lastId = SqliteFile.lastId(c);
                prunedThrough = SqliteFile.prunedThrough(c);
            }
            writer = new SqliteWriter(file, lastId);
            audience = new AudienceIndex();
            readers = new SqliteReaders(READERS, file::open, audience);
        } catch (SqliteSchema.NewerFile e) {
            throw e; // names the file already
        } catch (Exception e) {
            throw new EventLogException("cannot open SQLite event log at " + file.path() + ": " + e.getMessage(), e);
        }
        writerThread = Thread.ofPlatform().name("herald-sqlite-writer").daemon().start(this::writeLoop);
        long loadedThrough = lastId;
        audience.loadInBackground(SqliteReaders.audienceOf(file::open), () -> loadedThrough, writeLock, () -> prunedThrough);
    }

    @Override
    public String instanceId() {
        return instance;
    }

    @Override
    public StoredEvent append(EventDraft draft) {
        return appendAll(List.of(draft)).getFirst();
    }

    @Override
    public List<StoredEvent> appendAll(List<EventDraft> drafts) {
        if (closed) {
            throw new EventLogException("event log is closed");
        }
        CompletableFuture<List<StoredEvent>> result = new CompletableFuture<>();
        pending.add(new PendingAppend(List.copyOf(drafts), result));
        try {
            // Bounded so a close racing this append fails it instead of hanging the publisher.
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new EventLogException("timed out storing the event", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogException("interrupted while storing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof EventLogException ele ? ele
                    : new EventLogException("could not store: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void writeLoop() {
        long nextPrune = System.currentTimeMillis() + PRUNE_EVERY_MS;
        List<PendingAppend> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !pending.isEmpty()) {
            try {
                PendingAppend first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    // Up to MAX_BATCH events per commit (a batch publish brings many at once).
                    int events = first.drafts().size();
                    PendingAppend next;
                    while (events < MAX_BATCH && (next = pending.poll()) != null) {
                        batch.add(next);
                        events += next.drafts().size();
                    }
                    commit(batch);
                    batch.clear();
                }
                if (System.currentTimeMillis() >= nextPrune) {
                    nextPrune = System.currentTimeMillis() + PRUNE_EVERY_MS;
                    prune(Instant.now());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (EventLogException e) {
                LOG.log(Level.FINE, "event log writer", e); // the writer logged the cause when writes began to fail
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event log writer", e);
            }
        }
    }

    private void commit(List<PendingAppend> batch) {
        List<List<StoredEvent>> stored = new ArrayList<>(batch.size());
        writeLock.lock();
        try {
            PreparedStatement ps = writer.statement(SqliteFile.INSERT);
            for (PendingAppend p : batch) {
                List<StoredEvent> these = new ArrayList<>(p.drafts().size());
                for (EventDraft d : p.drafts()) {
                    these.add(SqliteFile.insert(ps, d));
                }
                stored.add(these);
            }
            writer.connection().commit();
            stored.forEach(these -> these.forEach(e -> writer.committed(e.id())));
            // Indexed before lastId moves and the listeners hear of them, as when reads scanned the file.
            stored.forEach(these -> these.forEach(e -> audience.add(e.id(), e.topics(), e.users())));
        } catch (SQLException e) {
            EventLogException failure = writer.failed("store", e, batch.stream().mapToInt(p -> p.drafts().size()).sum());
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return;
        } finally {
            writeLock.unlock();
        }
        for (int i = 0; i < stored.size(); i++) {
            for (StoredEvent e : stored.get(i)) {
                lastId = e.id();
                for (Consumer<StoredEvent> l : listeners) {
                    try {
                        l.accept(e);
                    } catch (RuntimeException ex) {
                        LOG.log(Level.WARNING, "event log listener failed", ex);
                    }
                }
            }
            batch.get(i).result().complete(stored.get(i));
        }
    }

    @Override
    public List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        long through = lastId;
        List<StoredEvent> read = readers.readAfter(afterId, filter, limit);
        // Only acknowledged ids: a commit answered 503 may have left rows until the writer's next clean-up.
        return read.isEmpty() || read.getLast().id() <= through
                ? read : read.stream().filter(e -> e.id() <= through).toList();
    }

    @Override
    public List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit) {
        return readers.readBefore(Math.min(beforeId, lastId + 1), filter, limit);
    }

    @Override
    public StoredEvent retract(long id) {
        List<StoredEvent> found = readAfter(id - 1, EventFilter.everything(Instant.EPOCH), 1);
        if (found.isEmpty() || found.getFirst().id() != id) {
            return null;
        }
        writeLock.lock();
        try (PreparedStatement del = writer.connection().prepareStatement("DELETE FROM events WHERE id = ?")) {
            del.setLong(1, id);
            int removed = del.executeUpdate();
            del.getConnection().commit();
            audience.remove(id, found.getFirst().topics(), found.getFirst().users());
            return removed == 1 ? found.getFirst() : null;
        } catch (SQLException e) {
            throw writer.failed("retract", e, 0);
        } finally {
            writeLock.unlock();
        }
    }

    /** For tests: waits until reads of some topics use the audience index. */
    boolean awaitAudienceIndex(java.time.Duration timeout) throws InterruptedException {
        return audience.awaitReady(timeout);
    }

    @Override
    public long latestId() {
        return lastId;
    }

    @Override
    public long prunedThrough() {
        return prunedThrough;
    }

    @Override
    public int prune(Instant now) {
        writeLock.lock();
        try {
            Connection c = writer.connection();
            long cut = SqliteFile.retentionCut(c, retention, now);
            if (cut <= 0) {
                return 0;
            }
            int removed = SqliteFile.deleteThrough(c, cut);
            c.commit();
            audience.removeThrough(cut);
            prunedThrough = Math.max(prunedThrough, cut);
            return removed;
        } catch (SQLException e) {
            throw writer.failed("prune", e, 0);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void subscribe(Consumer<StoredEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public Health health() {
        if (closed || !writerThread.isAlive()) {
            return new Health(false, "sqlite " + file.path() + ": closed");
        }
        String name = "sqlite " + file.path();
        String failing = writer.fileProblem();
        if (failing == null) {
            failing = writer.failing(writeLock);
        }
        if (failing != null) {
            return new Health(false, name + ": cannot write: " + failing);
        }
        String problem = readers.ping();
        return problem == null ? new Health(true, name) : new Health(false, name + ": " + problem);
    }

    /** Stores everything already accepted, then closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.close();
        writeLock.lock();
        try {
            writer.close();
        } finally {
            writeLock.unlock();
        }
    }
}
