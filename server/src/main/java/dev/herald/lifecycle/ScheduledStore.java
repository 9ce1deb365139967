package dev.herald.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * Where scheduled notifications wait: {@link SqliteScheduledStore} (durable, survives restarts)
 * or {@link MemoryScheduledStore}. Only the {@link Scheduler} writes to it, under its lock.
 */
public interface ScheduledStore extends AutoCloseable {

    /** The tag in this store's ids ({@code s-<node>.<seq>}, cluster mode), or empty. */
    default String node() {
        return "";
    }

    /** Whether an id names one of this store's notifications (its tag, or none where none is used). */
    default boolean owns(ScheduledNotification.Id id) {
        return id.node().equals(node());
    }

    /** Stores a new pending notification and returns it with its seq. */
    ScheduledNotification add(String body, Instant due, Instant created);

    /** The one with this seq, or null. */
    ScheduledNotification get(long seq);

    /** Pending ones, soonest first. */
    List<ScheduledNotification> pending();

    /** The newest ones of any status (newest first), at most limit. */
    List<ScheduledNotification> recent(int limit);

    /** Moves one to a final status (and links the log id when sent). */
    void finish(long seq, ScheduledNotification.Status status, Long eventId);

    @Override
    void close();
}
