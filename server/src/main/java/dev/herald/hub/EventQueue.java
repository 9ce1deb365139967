package dev.herald.hub;

import dev.herald.store.StoredEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection's bounded queue: fan-out offers, the connection's own thread takes everything
 * waiting in one go (so it can write it in one flush). A ReentrantLock, not synchronized, so a
 * waiting virtual thread does not pin its carrier.
 */
public final class EventQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<StoredEvent> items = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

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
            if (items.size() >= capacity) {
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
     * Waits until events arrive, the timeout passes or the queue is closed.
     *
     * @return every waiting event (empty after a timeout), or null once closed
     */
    public List<StoredEvent> take(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (items.isEmpty() && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            if (closed) {
                return null;
            }
            List<StoredEvent> out = new ArrayList<>(items);
            items.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream: the taker gets null at once, queued events are discarded (it will replay). */
    public void close() {
        lock.lock();
        try {
            closed = true;
            items.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }
}
