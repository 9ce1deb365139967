package dev.herald.hub;

import dev.herald.store.EventFilter;
import dev.herald.store.StoredEvent;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Future;

/** One open stream: who it is, what it hears, and its queue. */
public final class Subscriber {
    /** Why a stream ended; null while open. */
    public enum CloseReason { CLIENT_GONE, SLOW_CLIENT, KICKED, SHUTDOWN, LOG_CHANGED, TOKEN_EXPIRED }

    private final String id;
    private final ConnectionInfo info;
    private final EventQueue queue;
    // Written only by the fan-out thread (the log calls listeners one event at a time, in order).
    private long lastQueuedId;
    private volatile long lastDeliveredId;
    private volatile CloseReason closeReason;
    // Built once: the fan-out and recipient count ask it for every event. Instant.MIN = never expired.
    private final EventFilter hears;
    private Reported reported; // created at the page's first receipt; most streams never get one
    private volatile Future<?> expiry; // ends the stream when its token expires (TokenExpiry); null without one

    Subscriber(String id, ConnectionInfo info, int queueCapacity) {
        this.id = id;
        this.info = info;
        this.queue = new EventQueue(queueCapacity);
        this.hears = new EventFilter(info.topics(), info.user(), Instant.MIN);
    }

    public String id() {
        return id;
    }

    public ConnectionInfo info() {
        return info;
    }

    public Set<String> topics() {
        return info.topics();
    }

    public EventQueue queue() {
        return queue;
    }

    public long lastDeliveredId() {
        return lastDeliveredId;
    }

    /**
     * The newest id handed to the connection, set before the write: a page can read an event and report it
     * ({@code POST /receipts}, checked against this) before the write call returns; set after it, a fast page
     * got {@code 403 not_received} for an event it had. A write that then fails ends the stream.
     */
    void delivered(long id) {
        lastDeliveredId = id;
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    /** First reason wins; the queue is closed so the writer stops. */
    void close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        queue.close();
        Future<?> e = expiry;
        if (e != null) {
            e.cancel(false);
        }
    }

    void expiresWith(Future<?> task) {
        expiry = task;
        if (closeReason != null) { // closed meanwhile: close() may have missed the task
            task.cancel(false);
        }
    }

    /** Queues the event unless already queued; false when the queue is full. */
    boolean enqueue(StoredEvent e) {
        if (e.id() <= lastQueuedId) {
            return true;
        }
        lastQueuedId = e.id();
        return queue.offer(e);
    }

    /**
     * Whether this connection is meant to get the event (its topics or a broadcast, and its user when
     * the event is addressed to users). Expiry is the caller's: live events are checked once, not per
     * connection.
     */
    public boolean hears(StoredEvent e) {
        return hears.matches(e);
    }

    /** What this connection's page reported (receipts); created at the first call. */
    public synchronized Reported reported() {
        if (reported == null) {
            reported = new Reported();
        }
        return reported;
    }

    EventFilter filter(Instant now) {
        return new EventFilter(info.topics(), info.user(), now);
    }
}
