package dev.herald.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The newest events in memory, in front of any {@link EventLog}. A stream that reconnects a little
 * behind (the usual case, and every client of a reconnect storm) replays from here instead of the
 * store: with SQLite that was ~9 % of a 10,000-client storm's CPU (JFR, eleventh session), one query
 * and twenty rows read per client, all for the same few events.
 *
 * <p>It is fed by the log's own subscription, so it holds what the log handed out, in id order, and
 * hands each event on to this log's listeners only after keeping it: a stream that subscribed before
 * reading here either finds an event here or gets it live. It answers {@link #readAfter} only when it
 * holds every event after the reader's id; otherwise (too far behind, nothing seen yet) the log
 * answers. A gap in the ids, a control entry (a retract) or a retract here makes it start over from
 * the next event, so it never serves an event the log no longer has. Older pages
 * ({@link #readBefore}, history) always come from the log.
 */
public final class RecentEvents implements EventLog {
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
            l.accept(e);
        }
    }

    private synchronized void keep(StoredEvent e) {
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

    private void startOverAfter(long id) {
        java.util.Arrays.fill(ring, null);
        oldest = 0;
        size = 0;
        coveredAfter = id;
    }

    @Override
    public List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        synchronized (this) {
            if (coveredAfter >= 0 && afterId >= coveredAfter) {
                List<StoredEvent> out = new ArrayList<>();
                for (int i = 0; i < size && out.size() < limit; i++) {
                    StoredEvent e = ring[(oldest + i) % ring.length];
                    if (e.id() > afterId && filter.matches(e)) {
                        out.add(e);
                    }
                }
                return out;
            }
        }
        return log.readAfter(afterId, filter, limit);
    }

    @Override
    public StoredEvent retract(long id) {
        StoredEvent removed = log.retract(id);
        synchronized (this) {
            if (removed != null && size > 0 && id > coveredAfter) {
                startOverAfter(newest().id()); // its control entry comes by later; until then, not from here
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
    public Health health() {
        return log.health();
    }

    /** The log this keeps the newest events of. */
    public EventLog log() {
        return log;
    }

    @Override
    public void close() {
        log.close();
    }
}
