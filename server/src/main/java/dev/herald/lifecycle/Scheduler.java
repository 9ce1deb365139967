package dev.herald.lifecycle;

import dev.herald.hub.Hub;
import dev.herald.notify.NotificationParser;
import dev.herald.store.EventDraft;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends scheduled notifications when they are due. One thread sleeps until the soonest due time
 * (or a new schedule/cancel wakes it) and publishes through {@link Hub#publish}, so a scheduled
 * notification is stored and fanned out like any other. The store is the only truth: after a
 * restart, pending ones are picked up again and overdue ones go out at once.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ScheduledStore store;
    private final Hub hub;
    private final NotificationParser parser;
    // Held while sending, so a cancel either wins (never sent) or sees it sent.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private volatile boolean closed;

    public Scheduler(ScheduledStore store, Hub hub, NotificationParser parser) {
        this.store = store;
        this.hub = hub;
        this.parser = parser;
        this.thread = Thread.ofPlatform().daemon().name("herald-scheduler-" + hub.nodeId()).start(this::loop);
    }

    /** Accepts a notification for later; the body is a valid POST /notify body without at/delay. */
    public ScheduledNotification schedule(String body, Instant due) {
        lock.lock();
        try {
            ScheduledNotification n = store.add(body, due, hub.clock().instant());
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Cancels a pending one; returns it as it is now (null when unknown). */
    public ScheduledNotification cancel(long seq) {
        lock.lock();
        try {
            ScheduledNotification n = store.get(seq);
            if (n != null && n.status() == ScheduledNotification.Status.PENDING) {
                store.finish(seq, ScheduledNotification.Status.CANCELLED, null);
                changed.signalAll();
                return store.get(seq);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The tag in this node's scheduled ids (cluster mode), or empty. */
    public String node() {
        return store.node();
    }

    /** Whether the id is one of this node's (see {@link ScheduledStore#owns}). */
    public boolean owns(ScheduledNotification.Id id) {
        return store.owns(id);
    }

    public ScheduledNotification get(long seq) {
        return store.get(seq);
    }

    public List<ScheduledNotification> pending() {
        return store.pending();
    }

    public List<ScheduledNotification> recent(int limit) {
        return store.recent(limit);
    }

    private void loop() {
        lock.lock();
        try {
            while (!closed && !hub.isClosed()) {
                List<ScheduledNotification> pending = store.pending();
                if (pending.isEmpty()) {
                    changed.await(1, TimeUnit.SECONDS);
                    continue;
                }
                ScheduledNotification next = pending.getFirst();
                long waitMs = Duration.between(hub.clock().instant(), next.due()).toMillis();
                if (waitMs > 0) {
                    changed.await(Math.min(waitMs, 60_000), TimeUnit.MILLISECONDS);
                } else if (!send(next)) {
                    changed.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "scheduler stopped; pending notifications go out after a restart", e);
        } finally {
            lock.unlock();
        }
    }

    // False when the log refused it for now (retried); a body that no longer parses is FAILED.
    private boolean send(ScheduledNotification n) {
        EventDraft draft;
        try {
            draft = parser.parse(n.body().getBytes(StandardCharsets.UTF_8)).toDraft(hub.clock().instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduled notification " + n.id() + " no longer valid: " + e.getMessage());
            store.finish(n.seq(), ScheduledNotification.Status.FAILED, null);
            return true;
        }
        String payload = draft.payload();
        // Operators find the scheduled id in history (and the log id in GET /admin/scheduled).
        draft = new EventDraft(draft.time(), draft.topics(), draft.users(), draft.expiresAt(),
                payload.substring(0, payload.length() - 1) + ",\"scheduled\":\"" + n.id() + "\"}");
        try {
            long eventId = hub.publish(draft).event().id();
            store.finish(n.seq(), ScheduledNotification.Status.SENT, eventId);
            return true;
        } catch (RuntimeException e) {
            if (hub.isClosed()) {
                closed = true;
                return true;
            }
            LOG.log(Level.WARNING, "could not send scheduled notification " + n.id() + "; retrying", e);
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
