package dev.herald.hub;

import dev.herald.store.StoredEvent;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection's bounded queue: fan-out offers, and whenever work appears (events, a due
 * heartbeat, the close) while no writer is running, the queue calls its writer ({@link #start})
 * once; that writer takes everything waiting in one go until it finds the queue empty
 * ({@link #next}). So an idle stream has no thread waiting on its queue at all (the memory and
 * idle-CPU reasons are in docs/performance.md). A ReentrantLock, not synchronized, so a virtual
 * thread does not pin its carrier; the lock is this connection's only: fan-out never takes a lock
 * shared by all clients.
 */
public final class EventQueue {
    /** What {@link #next} found. */
    public enum Next {
        /** Events (or, when none were added, a due heartbeat) to write. */
        WORK,
        /** Nothing to do: the writer stops; the next offer starts one again. */
        IDLE,
        /** The stream is over: the writer ends the response. */
        CLOSED
    }

    private final ReentrantLock lock = new ReentrantLock();
    // Created on first offer: most idle connections never hold an event.
    private ArrayDeque<StoredEvent> items;
    private final int capacity;
    private boolean closed;
    private boolean beat;
    // Set once the stream is live; null before (setup writes by itself).
    private Runnable writer;
    // A writer was started and has not yet found the queue idle: at most one runs at a time.
    private boolean writing;
    // System.nanoTime() of the last time work was taken (something written), for the heartbeat ticker.
    private volatile long lastActive = System.nanoTime();

    public EventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
    }

    /**
     * Makes the stream live: from now on {@code writer} is called (on the calling thread of offer,
     * heartbeat or close, so it should only hand the work to a thread) whenever work appears and no
     * writer is running; at once when work is already waiting.
     */
    public void start(Runnable writer) {
        Runnable run;
        lock.lock();
        try {
            this.writer = writer;
            run = (closed || !isEmpty() || beat) ? claimWriter() : null;
        } finally {
            lock.unlock();
        }
        if (run != null) {
            run.run();
        }
    }

    /** Adds the event; false when the queue is full (the caller drops the slow client). */
    public boolean offer(StoredEvent event) {
        Runnable run;
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
            run = claimWriter();
        } finally {
            lock.unlock();
        }
        if (run != null) {
            run.run();
        }
        return true;
    }

    /**
     * For the running writer: moves every waiting event into {@code out} (left empty for a
     * heartbeat). On {@link Next#IDLE} the writer must stop: the queue starts a new one for new work.
     */
    public Next next(List<StoredEvent> out) {
        lock.lock();
        try {
            if (closed) {
                return Next.CLOSED;
            }
            if (isEmpty() && !beat) {
                writing = false;
                return Next.IDLE;
            }
            beat = false;
            drainTo(out);
            lastActive = System.nanoTime();
            return Next.WORK;
        } finally {
            lock.unlock();
        }
    }

    /** Moves what is waiting into {@code out}; false once closed. */
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

    /** Asks for a heartbeat when nothing was written for {@code idleNanos}. */
    void beatIfIdle(long now, long idleNanos) {
        if (now - lastActive < idleNanos) {
            return;
        }
        Runnable run = null;
        lock.lock();
        try {
            if (!closed && isEmpty() && !beat) {
                beat = true;
                run = claimWriter();
            }
        } finally {
            lock.unlock();
        }
        if (run != null) {
            run.run();
        }
    }

    /** Ends the stream: queued events are discarded (the client will replay), the writer ends the response. */
    public void close() {
        Runnable run;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            items = null;
            run = claimWriter();
        } finally {
            lock.unlock();
        }
        if (run != null) {
            run.run();
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

    // Under the lock: the writer to start (outside the lock), or null when none is set or one runs already.
    private Runnable claimWriter() {
        if (writer == null || writing) {
            return null;
        }
        writing = true;
        return writer;
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
