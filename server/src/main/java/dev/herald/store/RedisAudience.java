package dev.herald.store;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A cluster node's own {@link AudienceIndex} of the shared stream: built from the stream after open
 * (through the id the node's reader started after), then fed every entry the reader hands over, before
 * the hub hears of it. Another node's retract leaves its id here: it then names an entry no read finds,
 * until retention cuts below it.
 */
final class RedisAudience {
    private final AudienceIndex index = new AudienceIndex();
    private final ReentrantLock lock = new ReentrantLock(); // the merge after the build must not interleave

    AudienceIndex index() {
        return index;
    }

    void load(RedisReads reads, RedisFanOut fanOut, BooleanSupplier closed, LongSupplier prunedThrough) {
        index.loadInBackground(reads.audience(closed), () -> {
            try {
                return fanOut.firstId(); // waits for the reader's first connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventLogException("interrupted", e);
            }
        }, lock, prunedThrough);
    }

    void add(StoredEvent e) {
        lock.lock();
        try {
            index.add(e.id(), e.topics(), e.users());
        } finally {
            lock.unlock();
        }
    }

    void remove(StoredEvent e) {
        lock.lock();
        try {
            index.remove(e.id(), e.topics(), e.users());
        } finally {
            lock.unlock();
        }
    }

    void removeThrough(long cut) {
        lock.lock();
        try {
            index.removeThrough(cut);
        } finally {
            lock.unlock();
        }
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return index.awaitReady(timeout);
    }
}
