package dev.herald.store;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A cluster node's own {@link AudienceIndex} of the shared stream: built from the stream after open
 * (through the id the node's reader started after), then fed every entry the reader hands over, before
 * the hub hears of it. A retract takes its id out when its entry comes by (whichever node made it), so
 * reads stop looking it up. When Redis lost its data the reader starts over, and so does the index.
 */
final class RedisAudience {
    private final ReentrantLock lock = new ReentrantLock(); // the merge after a build must not interleave
    private volatile AudienceIndex index = new AudienceIndex();
    private AudienceIndex.Source source;
    private LongSupplier prunedThrough;

    AudienceIndex index() {
        return index;
    }

    /** Builds the index in the background through {@code startedAfter} (asked on the build's thread). */
    void load(AudienceIndex.Source source, LongSupplier startedAfter, LongSupplier prunedThrough) {
        this.source = source;
        this.prunedThrough = prunedThrough;
        index.loadInBackground(source, startedAfter, lock, prunedThrough);
    }

    /** Until the reader starts over: an index never built, so reads scan (the old one names lost entries). */
    void scanMeanwhile() {
        AudienceIndex never = new AudienceIndex();
        locked(() -> index = never);
    }

    /**
     * A new, empty index built through {@code after} (reads scan until then); called by the reader, which
     * then hands over what is above it. The old one's ids name the lost stream's entries.
     */
    void startOver(long after) {
        AudienceIndex fresh = new AudienceIndex();
        locked(() -> index = fresh);
        fresh.loadInBackground(source, () -> after, lock, prunedThrough);
    }

    /**
     * Indexes an entry the reader hands over. A retract entry (any node's) takes the id it names out:
     * it is written just before the removal and has the same topics and users as the notification.
     */
    void add(StoredEvent e) {
        long retracted = e.retractedId();
        locked(() -> {
            index.add(e.id(), e.topics(), e.users());
            if (retracted > 0) {
                index.remove(retracted, e.topics(), e.users());
            }
        });
    }

    void remove(StoredEvent e) {
        locked(() -> index.remove(e.id(), e.topics(), e.users()));
    }

    void removeThrough(long cut) {
        locked(() -> index.removeThrough(cut));
    }

    private void locked(Runnable change) {
        lock.lock();
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return index.awaitReady(timeout);
    }
}
