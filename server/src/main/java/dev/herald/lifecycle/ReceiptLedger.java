package dev.herald.lifecycle;

import dev.herald.hub.Reported;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What pages reported for recent notifications: each connection counts once per notification for
 * "delivered" and once for "seen" (seen implies delivered). Which ids a connection reported is kept
 * with the connection ({@link Reported}), so this holds counts, not a set of connections per
 * notification. Signed-in users are remembered by name for the "who saw it" view (up to
 * {@link #MAX_USERS}). In memory, for the newest {@code capacity} notifications only; counts
 * restart at zero on restart. Changed ids wait in {@link #drainChanged()} for the stats feed.
 */
public final class ReceiptLedger {
    /** One user's (or the anonymous crowd's) receipts for one notification. */
    public record UserReceipt(String user, Instant delivered, Instant seen) {
    }

    /** Counts for one notification. */
    public record Counts(long id, int delivered, int seen, List<UserReceipt> users) {
    }

    private static final class Entry {
        int delivered;
        int seen;
        final Map<String, UserReceipt> users = new TreeMap<>();
    }

    /**
     * Names kept per notification for "who saw it": the first to report. Counts go on past it; a list
     * of every signed-in page would hold ~1 GB for 10,000 users and the newest 1,000 notifications.
     */
    public static final int MAX_USERS = 100;

    private final int capacity;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final Set<Long> changed = new LinkedHashSet<>();
    // The newest id dropped for room: a later receipt for it would start its count again from 0, and that
    // smaller number went over the saved one (counts.db). A retract's free slot no longer lets it back in.
    private long evictedThrough;

    public ReceiptLedger(int capacity) {
        this.capacity = capacity;
    }

    /** Records a delivered receipt; false when this connection ({@code by}) already reported it. */
    public synchronized boolean delivered(long id, Reported by, String user, Instant now) {
        Entry e = entry(id);
        if (e == null || !by.delivered(id)) {
            return false;
        }
        e.delivered++;
        if (user != null && (e.users.size() < MAX_USERS || e.users.containsKey(user))) {
            e.users.merge(user, new UserReceipt(user, now, null),
                    (old, n) -> old.delivered() != null ? old : new UserReceipt(user, now, old.seen()));
        }
        changed.add(id);
        return true;
    }

    /** Records a seen receipt (and delivered, if missing); false when already reported. */
    public synchronized boolean seen(long id, Reported by, String user, Instant now) {
        delivered(id, by, user, now);
        Entry e = entry(id);
        if (e == null || !by.seen(id)) {
            return false;
        }
        e.seen++;
        if (user != null) {
            e.users.computeIfPresent(user, (k, old) -> old.seen() != null ? old
                    : new UserReceipt(user, old.delivered(), now));
        }
        changed.add(id);
        return true;
    }

    /** The counts of one notification (zeros when nothing was reported). */
    public synchronized Counts counts(long id) {
        Entry e = entries.get(id);
        return e == null ? new Counts(id, 0, 0, List.of())
                : new Counts(id, e.delivered, e.seen, List.copyOf(e.users.values()));
    }

    /** Pages that reported it delivered and seen, without copying the users; null when none did. */
    public synchronized int[] sizes(long id) {
        Entry e = entries.get(id);
        return e == null ? null : new int[]{e.delivered, e.seen};
    }

    /** The ids with receipts kept, oldest first. */
    public synchronized List<Long> ids() {
        return List.copyOf(entries.keySet());
    }

    /** Forgets a notification (retracted). */
    public synchronized void forget(long id) {
        entries.remove(id);
        changed.remove(id);
    }

    /** Ids whose counts changed since the last call. */
    public synchronized List<Long> drainChanged() {
        List<Long> out = new ArrayList<>(changed);
        changed.clear();
        return out;
    }

    // Null when the id is older than every kept one and the ledger is full, or was dropped for room before.
    private Entry entry(long id) {
        Entry e = entries.get(id);
        if (e != null) {
            return e;
        }
        if (id <= evictedThrough) {
            return null;
        }
        if (entries.size() >= capacity) {
            if (entries.firstKey() > id) {
                return null;
            }
            evictedThrough = Math.max(evictedThrough, entries.pollFirstEntry().getKey());
        }
        e = new Entry();
        entries.put(id, e);
        return e;
    }
}
