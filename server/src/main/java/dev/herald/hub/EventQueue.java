package dev.herald.hub;

import dev.herald.store.StoredEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection's bounded queue: fan-out offers, the connection's own thread takes everything
 * waiting in one go (so it can write it in one flush). A ReentrantLock, not synchronized, so a
 * waiting virtual thread does not pin its carrier. The lock is this connection's only: fan-out
 * never takes a lock shared by all clients.
 *
 * <p>The stream loop waits without a timeout ({@link #await}): a timed park of a virtual thread
 * arms and cancels a JDK timer task (a queue shared by all threads) on every wakeup, so heartbeats
 * come from one {@link Heartbeat} ticker instead ({@link #beatIfIdle}).
 */
public final class EventQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Created on first offer: most idle connections never hold an event.
    private ArrayDeque<StoredEvent> items;
    private final int capacity;
    private boolean closed;
    private boolean beat;
    // System.nanoTime() of the last await return (anything written), for the heartbeat ticker.
    private volatile long lastActive = System.nanoTime();

    public EventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
    }

    /** Adds the event; false when the queue is full (the caller drops the slow client). */
    public boolean offer(StoredEvent event) {
        lock.lock();
        try {
            if (closed) {
                return true;
            }
            if (items == null) {
                items = new ArrayDeque<>(8);
            } else if (items.size() >= capacity) {
                return false;
            }
            items.addLast(event);
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until events arrive, a heartbeat is due or the queue is closed, then moves every
     * waiting event into {@code out} (left empty for a heartbeat).
     *
     * @return false once closed
     */
    public boolean await(List<StoredEvent> out) throws InterruptedException {
        lock.lock();
        try {
            while (isEmpty() && !closed && !beat) {
                changed.await();
            }
            if (closed) {
                return false;
            }
            beat = false;
            drainTo(out);
            lastActive = System.nanoTime();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Moves what is waiting into {@code out} without waiting; false once closed. */
    public boolean poll(List<StoredEvent> out) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            drainTo(out);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until events arrive, the timeout passes or the queue is closed.
     *
     * @return every waiting event (empty after a timeout), or null once closed
     */
    public List<StoredEvent> take(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (isEmpty() && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            if (closed) {
                return null;
            }
            List<StoredEvent> out = new ArrayList<>(size());
            drainTo(out);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the taker for a heartbeat when nothing was written for {@code idleNanos}. */
    void beatIfIdle(long now, long idleNanos) {
        if (now - lastActive < idleNanos) {
            return;
        }
        lock.lock();
        try {
            if (!closed && isEmpty()) {
                beat = true;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream: the taker gets null at once, queued events are discarded (it will replay). */
    public void close() {
        lock.lock();
        try {
            closed = true;
            items = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items == null ? 0 : items.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    private boolean isEmpty() {
        return items == null || items.isEmpty();
    }

    private void drainTo(List<StoredEvent> out) {
        if (items != null) {
            out.addAll(items);
            items.clear();
        }
    }
}
