package dev.herald.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where scheduled notifications wait: {@link SqliteScheduledStore} (one node, durable),
 * {@link MemoryScheduledStore}, or {@link RedisScheduledStore} (cluster mode: one store shared by
 * every node, so any node lists, cancels and sends them). On one node only the {@link Scheduler}
 * writes to it, under its lock; a shared store makes its own changes atomic ({@link #claim}, {@link #cancel}).
 */
public interface ScheduledStore extends AutoCloseable {
    /** How long finished ones (sent, cancelled, failed) stay listed and cancellable by their s-id. */
    Duration KEEP_FINISHED = Duration.ofDays(30);

    /** The tag in this store's new ids ({@code s-<tag>.<seq>}, cluster mode), or empty. */
    default String node() {
        return "";
    }

    /** Whether an id names one of this store's notifications (its tag, or none where none is used). */
    default boolean owns(ScheduledNotification.Id id) {
        return id.node().equals(node());
    }

    /** Stores a new pending notification and returns it with its seq. */
    ScheduledNotification add(String body, Instant due, Instant created);

    /** The one with this id, or null. */
    ScheduledNotification get(ScheduledNotification.Id id);

    /** Pending ones, soonest first. */
    List<ScheduledNotification> pending();

    /**
     * How many are pending, and a version that moves whenever one is scheduled, cancelled, sent or failed (on any
     * node, for a shared store): cheap to ask every second, where {@link #pending()} reads every one.
     */
    PendingMark pendingMark();

    /** See {@link #pendingMark()}: equal marks mean no pending one came or went in between. */
    record PendingMark(long version, int count) {
    }

    /**
     * The soonest pending one that no node is sending right now, or null. Only the scheduler's one
     * thread calls it, between sends (a shared store gives back claims it still holds here).
     */
    default ScheduledNotification next() {
        List<ScheduledNotification> pending = pending();
        return pending.isEmpty() ? null : pending.getFirst();
    }

    /** The newest ones of any status (newest first), at most limit. */
    List<ScheduledNotification> recent(int limit);

    /** Moves one to a final status (and links the log id when sent). */
    void finish(ScheduledNotification n, ScheduledNotification.Status status, Long eventId);

    /**
     * Takes a due one for sending, for at most {@code lease}: false when another node took it or it
     * is no longer pending. A node that stops before {@link #finish} leaves it to be taken again once
     * the lease is over (sent at least once). One node: always true (the scheduler's lock is enough).
     */
    default boolean claim(ScheduledNotification n, Duration lease) {
        return true;
    }

    /** Gives back a claimed one that could not be sent now, for the next attempt. */
    default void release(ScheduledNotification n) {
    }

    /**
     * Cancels one that is pending and not being sent; returns it as it is now (still
     * {@code PENDING} when a node is sending it), or null when unknown.
     */
    default ScheduledNotification cancel(ScheduledNotification.Id id) {
        ScheduledNotification n = get(id);
        if (n != null && n.status() == ScheduledNotification.Status.PENDING) {
            finish(n, ScheduledNotification.Status.CANCELLED, null);
            return get(id);
        }
        return n;
    }

    /**
     * Drops finished ones due before {@code before}, so a busy scheduler's history does not grow for
     * ever (the scheduler calls it at start and every hour with now - {@link #KEEP_FINISHED}).
     * Pending ones always stay. A shared store's entries expire by themselves.
     */
    default void forgetFinished(Instant before) {
    }

    /** Whether other nodes add to and send from this store too (the scheduler then looks again every second). */
    default boolean shared() {
        return false;
    }

    @Override
    void close();
}
