package dev.herald.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The newest events in memory, in front of a log, for replays and the hub's lookups of one id
 * (receipts, retracts, an operator's look at one; history and everything else read the log). A stream that reconnects a little behind (the usual case, and every
 * client of a reconnect storm) replays from here instead of the store: with SQLite that was ~9 % of a
 * 10,000-client storm's CPU (JFR, eleventh session), one query and twenty rows read per client, all
 * for the same few events.
 *
 * <p>It is fed by the log's own subscription, so it holds what the log handed out, in id order, and
 * hands each event on to this log's listeners only after keeping it: a stream that subscribed before
 * reading here either finds an event here or gets it live. It answers {@link #readAfter} only when it
 * holds every event after the reader's id; otherwise (too far behind, nothing seen yet) the log
 * answers. A gap in the ids, a control entry (a retract) or a retract made through it makes it start
 * over after the newest id it knows of, so it never serves an event the log no longer has; an event
 * at or below that point that comes by late (a retracted one still on its way) is not kept. What
 * retention cut is the reader's business: {@code hub.Replay} starts after the cut.
 *
 * <p>On a log shared by nodes (Redis) another node's retract reaches it as the control entry, which
 * is written before the removal (a replay then reads the log: the event, then its retract), and the
 * hub has it {@link #forget} everything when the log turns out to be a new one (a flushed Redis).
 */
public final class RecentEvents implements EventLog {
    private static final Logger LOG = Logger.getLogger(RecentEvents.class.getName());
    private final EventLog log;
    private final StoredEvent[] ring;
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    // Guarded by this: the ring holds every event with an id above coveredAfter (none while -1).
    private int oldest;
    private int size;
    private long coveredAfter = -1;

    public RecentEvents(EventLog log, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.log = log;
        this.ring = new StoredEvent[capacity];
        log.subscribe(this::handedOut);
    }

    private void handedOut(StoredEvent e) {
        keep(e);
        for (Consumer<StoredEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                // One listener's failure must not keep the event from the others (the stores do the same).
                LOG.log(Level.WARNING, "event listener failed on event " + e.id(), ex);
            }
        }
    }

    private synchronized void keep(StoredEvent e) {
        if (coveredAfter >= 0 && e.id() <= coveredAfter) {
            return; // from before a start-over: a retracted event still on its way, say
        }
        if (!e.isNotification()) {
            startOverAfter(e.id()); // a retract names an event this may hold: the log has the truth
            return;
        }
        long expected = size > 0 ? newest().id() + 1 : coveredAfter + 1;
        if (coveredAfter < 0 || e.id() != expected) {
            // The first event seen, or ids skipped (those events never came by here): from this one on.
            startOverAfter(e.id() - 1);
        }
        if (size == ring.length) {
            coveredAfter = ring[oldest].id();
            ring[oldest] = null;
            oldest = (oldest + 1) % ring.length;
            size--;
        }
        ring[(oldest + size) % ring.length] = e;
        size++;
    }

    private StoredEvent newest() {
        return ring[(oldest + size - 1) % ring.length];
    }

    /** Forgets everything: the log under it is another one now (a flushed Redis); the log answers until new events come. */
    public synchronized void forget() {
        startOverAfter(-1);
    }

    /** The newest id held (0 when none). */
    public synchronized long newestId() {
        return size > 0 ? newest().id() : 0;
    }

    private void startOverAfter(long id) {
        java.util.Arrays.fill(ring, null);
        oldest = 0;
        size = 0;
        coveredAfter = id;
    }

    @Override
    public List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        StoredEvent[] slice;
        synchronized (this) {
            if (coveredAfter < 0 || afterId < coveredAfter) {
                slice = null;
            } else {
                // Ids here are consecutive from coveredAfter + 1: the reader's start is an offset.
                int from = (int) Math.min(size, afterId - coveredAfter);
                slice = new StoredEvent[size - from];
                for (int i = 0; i < slice.length; i++) {
                    slice[i] = ring[(oldest + from + i) % ring.length];
                }
            }
        }
        if (slice == null) {
            return log.readAfter(afterId, filter, limit);
        }
        // Filtered outside the lock: the thread that hands events out does not wait for replays.
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < slice.length && out.size() < limit; i++) {
            if (filter.matches(slice[i])) {
                out.add(slice[i]);
            }
        }
        return out;
    }

    @Override
    public StoredEvent retract(long id) {
        StoredEvent removed = log.retract(id);
        synchronized (this) {
            if (removed != null && coveredAfter >= 0 && id > coveredAfter) {
                // Held here, or still on its way here: from after it (and after all this holds) on.
                startOverAfter(Math.max(id, size > 0 ? newest().id() : coveredAfter));
            }
        }
        return removed;
    }

    @Override
    public int prune(Instant now) {
        int removed = log.prune(now);
        long pruned = log.prunedThrough();
        synchronized (this) {
            // What retention let go is gone from replays here too (an age limit can reach recent events).
            while (size > 0 && ring[oldest].id() <= pruned) {
                coveredAfter = ring[oldest].id();
                ring[oldest] = null;
                oldest = (oldest + 1) % ring.length;
                size--;
            }
        }
        return removed;
    }

    @Override
    public void subscribe(Consumer<StoredEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public StoredEvent append(EventDraft draft) {
        return log.append(draft);
    }

    @Override
    public List<StoredEvent> appendAll(List<EventDraft> drafts) {
        return log.appendAll(drafts);
    }

    @Override
    public List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit) {
        return log.readBefore(beforeId, filter, limit);
    }

    @Override
    public boolean instanceCanChange() {
        return log.instanceCanChange();
    }

    @Override
    public String instanceId() {
        return log.instanceId();
    }

    @Override
    public long latestId() {
        return log.latestId();
    }

    @Override
    public long prunedThrough() {
        return log.prunedThrough();
    }

    @Override
    public Position position() {
        return log.position(); // one read of the log, not two
    }

    @Override
    public Health health() {
        return log.health();
    }

    @Override
    public void close() {
        log.close();
    }
}
