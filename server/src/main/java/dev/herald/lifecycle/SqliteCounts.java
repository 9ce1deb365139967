package dev.herald.lifecycle;

import dev.herald.hub.DeliveryLedger;
import dev.herald.hub.Hub;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * One node's counts that outlive a restart (SQLite mode): the ledgers in memory count as before, and
 * once a second (and at a clean stop) what changed goes to {@link CountsFile} in one transaction, off
 * the publish and delivery path. What a reader sees is every earlier run's counts (read once at start)
 * plus this run's: from the ledgers while they hold the notification, else as last saved. The newest
 * {@link ClusterCounts#KEPT} notifications keep counts, and none that retention or a retract removed.
 */
public final class SqliteCounts implements NotificationCounts {
    private static final Logger LOG = Logger.getLogger(SqliteCounts.class.getName());
    private final Hub hub;
    private final ReceiptLedger receipts;
    private final CountsFile file;
    private final Object flushLock = new Object();
    // Under this: earlier runs' counts, this run's as saved, ids to remove, the lowest id kept.
    private final TreeMap<Long, Counts> earlier;
    private final TreeMap<Long, Counts> saved = new TreeMap<>();
    private final Set<Long> forgotten = new HashSet<>(); // retracted: never saved again
    private final Set<Long> toDelete = new HashSet<>();  // retracted: still in the file
    private long floor;
    private final Thread flusher;
    private volatile boolean closed;

    public SqliteCounts(Hub hub, ReceiptLedger receipts, Path dataDir) {
        this.hub = hub;
        this.receipts = receipts;
        CountsFile opened = new CountsFile(dataDir, hub.log().instanceId(), hub.log().position().latestId());
        try {
            this.earlier = new TreeMap<>(opened.earlier());
        } catch (RuntimeException e) {
            opened.close(); // the server goes on counting in memory (Lifecycle): the file is not held open
            throw e;
        }
        this.file = opened;
        this.flusher = EverySecond.start("herald-counts", () -> closed, this::flush, LOG,
                "save delivery counts to " + CountsFile.NAME);
    }

    /** Saves this run's counts that changed since the last flush, and drops what is no longer kept. */
    void flush() {
        synchronized (flushLock) {
            Set<Long> ids = new TreeSet<>(hub.ledger().ids());
            ids.addAll(receipts.ids());
            List<CountsFile.Row> rows = new ArrayList<>();
            Map<Long, Counts> now = new HashMap<>();
            List<Long> forget;
            long through = hub.log().prunedThrough();
            synchronized (this) {
                forget = List.copyOf(toDelete);
                for (long id : ids) {
                    Counts c = thisRun(id);
                    if (c == null || id <= Math.max(floor, through) || forgotten.contains(id)
                            || sameNumbers(c, saved.get(id))) {
                        continue;
                    }
                    Counts before = saved.get(id);
                    // The users change only with the page counts: written then, else the saved list stays.
                    boolean pages = receipts.sizes(id) != null && (before == null
                            || !Objects.equals(before.pagesDelivered(), c.pagesDelivered())
                            || !Objects.equals(before.seen(), c.seen()));
                    rows.add(new CountsFile.Row(c, pages ? UserReceipts.json(receipts.counts(id).users()) : null));
                    now.put(id, c);
                }
            }
            if (rows.isEmpty() && forget.isEmpty() && through <= floor) {
                return; // the cap of KEPT is kept as new notifications' rows are written
            }
            long removedThrough;
            try {
                removedThrough = file.write(rows, forget, through, ClusterCounts.KEPT);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e); // EverySecond says so once; tried again next second
            }
            synchronized (this) {
                saved.putAll(now);
                toDelete.removeAll(forget);
                floor = Math.max(floor, removedThrough);
                saved.headMap(floor, true).clear();
                earlier.headMap(floor, true).clear();
                forgotten.removeIf(id -> id <= floor);
            }
        }
    }

    // This run's counts: from the ledgers while they hold it, else as saved; null when this run has none.
    private Counts thisRun(long id) {
        Counts s = saved.get(id);
        DeliveryLedger.Counts d = hub.ledger().counts(id);
        int[] p = receipts.sizes(id);
        Integer recipients = d != null ? (d.recipients() < 0 ? null : d.recipients()) : s == null ? null : s.recipients();
        Long delivered = d != null ? Long.valueOf(d.delivered()) : s == null ? null : s.delivered();
        Integer pages = p != null ? Integer.valueOf(p[0]) : s == null ? null : s.pagesDelivered();
        Integer seen = p != null ? Integer.valueOf(p[1]) : s == null ? null : s.seen();
        if (recipients == null && delivered == null && pages == null) {
            return null;
        }
        return new Counts(id, recipients, delivered, pages, seen, List.of());
    }

    private static boolean sameNumbers(Counts a, Counts b) {
        return b != null && Objects.equals(a.recipients(), b.recipients()) && Objects.equals(a.delivered(), b.delivered())
                && Objects.equals(a.pagesDelivered(), b.pagesDelivered()) && Objects.equals(a.seen(), b.seen());
    }

    /** Two runs' counts added up (null: unknown in both); known at all, no page reported it is 0. */
    static Counts plus(Counts a, Counts b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        Integer recipients = (Integer) add(a.recipients(), b.recipients());
        Long delivered = (Long) add(a.delivered(), b.delivered());
        Integer pages = (Integer) add(a.pagesDelivered(), b.pagesDelivered());
        Integer seen = (Integer) add(a.seen(), b.seen());
        return new Counts(a.id(), recipients, delivered, pages, seen, List.of());
    }

    private static Number add(Number a, Number b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a instanceof Long ? (Number) (a.longValue() + b.longValue()) : (Number) (a.intValue() + b.intValue());
    }

    @Override
    public synchronized Map<Long, Counts> of(List<Long> ids) {
        Map<Long, Counts> out = new LinkedHashMap<>();
        for (long id : ids) {
            Counts c = forgotten.contains(id) ? null : plus(earlier.get(id), thisRun(id));
            boolean known = c != null && (c.recipients() != null || c.delivered() != null || c.pagesDelivered() != null);
            out.put(id, !known ? new Counts(id, null, null, null, null, List.of())
                    : new Counts(id, c.recipients(), c.delivered(), c.pagesDelivered() == null ? 0 : c.pagesDelivered(),
                    c.seen() == null ? 0 : c.seen(), List.of()));
        }
        return out;
    }

    @Override
    public Counts withUsers(long id) {
        Counts c = of(id);
        Map<String, ReceiptLedger.UserReceipt> users = new TreeMap<>();
        boolean inMemory = receipts.sizes(id) != null;
        if (inMemory) {
            UserReceipts.merge(users, receipts.counts(id).users());
        }
        try {
            file.users(id).forEach((run, json) -> {
                if (run == CountsFile.EARLIER || !inMemory) {
                    UserReceipts.merge(users, UserReceipts.parse(json));
                }
            });
        } catch (SQLException e) {
            LOG.fine(() -> "saved users of " + id + " not read: " + e.getMessage());
        }
        return new Counts(id, c.recipients(), c.delivered(), c.pagesDelivered(), c.seen(), UserReceipts.kept(users));
    }

    /** A retracted notification's counts go (from the file at the next flush). */
    @Override
    public synchronized void forget(long id) {
        earlier.remove(id);
        saved.remove(id);
        forgotten.add(id);
        toDelete.add(id);
    }

    @Override
    public List<Long> drainChanged() {
        return receipts.drainChanged();
    }

    /** Stops the flusher and saves the last changes: call once nothing is delivered any more. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        // A stop may come on a thread already interrupted (the drain's sleep cut short): the join must not
        // skip the last save, so it waits with the flag cleared and the flag is set again after.
        boolean interrupted = Thread.interrupted();
        try {
            flusher.join(5_000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warning("the last second's delivery counts were not saved: " + e.getMessage());
        } finally {
            file.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
