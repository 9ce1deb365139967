package dev.herald.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-notification counts for the most recent notifications only (a ring indexed by event id):
 * recipients = matching connections of this node when it was fanned out here (published here or on another
 * node), delivered = connections the event was
 * actually written to (live or replayed). Older ids fall out; counts restart at zero on restart.
 */
public final class DeliveryLedger {
    /** Counts for one notification; -1 recipients when it was not fanned out on this node (not since its start). */
    public record Counts(long id, int recipients, long delivered) {
    }

    private static final class Entry {
        final long id;
        volatile int recipients = -1;
        final LongAdder delivered = new LongAdder();

        Entry(long id) {
            this.id = id;
        }
    }

    private final AtomicReferenceArray<Entry> ring;

    public DeliveryLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    void recipients(long id, int n) {
        Entry e = entry(id);
        if (e != null) {
            e.recipients = n;
        }
    }

    /** The recipients counted for this id, or -1 when none were (or the id is older than what is kept). */
    int recipients(long id) {
        Entry e = ring.get(slot(id));
        return e == null || e.id != id ? -1 : e.recipients;
    }

    void delivered(long id) {
        Entry e = entry(id);
        if (e != null) {
            e.delivered.increment();
        }
    }

    /** The counts for this id, or null when it is older than what the ledger keeps. */
    public Counts counts(long id) {
        Entry e = ring.get(slot(id));
        return e == null || e.id != id ? null : new Counts(id, e.recipients, e.delivered.sum());
    }

    /** The ids the ledger holds counts for right now (in no particular order). */
    public List<Long> ids() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < ring.length(); i++) {
            Entry e = ring.get(i);
            if (e != null) {
                out.add(e.id);
            }
        }
        return out;
    }

    // The entry for the id, created on first use; null when a newer id already took its slot.
    private Entry entry(long id) {
        int slot = slot(id);
        while (true) {
            Entry e = ring.get(slot);
            if (e != null && e.id == id) {
                return e;
            }
            if (e != null && e.id > id) {
                return null;
            }
            Entry fresh = new Entry(id);
            if (ring.compareAndSet(slot, e, fresh)) {
                return fresh;
            }
        }
    }

    private int slot(long id) {
        return (int) Math.floorMod(id, (long) ring.length());
    }
}
