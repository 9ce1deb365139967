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
 * restart, pending ones are picked up again and overdue ones go out at once. With a shared store
 * (cluster) every node's scheduler does this: each claims one before sending it, and looks again
 * at least every second, since another node may have added a sooner one.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(1);
    // Longer than a send can take (an append waits up to 10 s for its local delivery): past it, a
    // claim is taken to be from a node that stopped mid-send, and the notification is sent again.
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);
    private static final Duration FORGET_EVERY = Duration.ofHours(1);

    private final ScheduledStore store;
    private final Hub hub;
    private final NotificationParser parser;
    // Held while sending, so a cancel either wins (never sent) or sees it sent.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private volatile boolean closed;
    private long nextForget = System.nanoTime(); // finished ones past KEEP_FINISHED: at start, then hourly

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

    /**
     * Cancels a pending one; returns it as it is now (null when unknown). When another node is
     * sending it, waits a moment for the outcome: still {@code PENDING} if that takes longer.
     */
    public ScheduledNotification cancel(ScheduledNotification.Id id) {
        ScheduledNotification n;
        lock.lock();
        try {
            n = store.cancel(id);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long until = System.nanoTime() + CANCEL_WAIT.toNanos();
        while (n != null && n.status() == ScheduledNotification.Status.PENDING && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            n = store.cancel(id); // the sender may have given it back meanwhile: then the cancel wins
        }
        return n;
    }

    /** The tag in this node's scheduled ids (cluster mode), or empty. */
    public String node() {
        return store.node();
    }

    /** Whether the id is one of this node's (see {@link ScheduledStore#owns}). */
    public boolean owns(ScheduledNotification.Id id) {
        return store.owns(id);
    }

    public ScheduledNotification get(ScheduledNotification.Id id) {
        return store.get(id);
    }

    public List<ScheduledNotification> pending() {
        return store.pending();
    }

    /** How many are pending and a version that moves with every change (see {@link ScheduledStore#pendingMark()}). */
    public ScheduledStore.PendingMark pendingMark() {
        return store.pendingMark();
    }

    public List<ScheduledNotification> recent(int limit) {
        return store.recent(limit);
    }

    private void loop() {
        boolean failing = false;
        lock.lock();
        try {
            while (!closed && !hub.isClosed()) {
                try {
                    step();
                    if (failing) {
                        LOG.info("scheduled notifications can be read again");
                        failing = false;
                    }
                } catch (RuntimeException e) {
                    if (!failing) { // once per outage, not every second
                        LOG.log(Level.WARNING, "cannot read or update scheduled notifications (" + e.getMessage()
                                + "); trying again every second");
                        failing = true;
                    }
                    changed.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    // One round, under the lock: send the soonest if due, else wait until it is (or a change).
    private void step() throws InterruptedException {
        if (System.nanoTime() - nextForget >= 0) {
            forgetFinished();
        }
        ScheduledNotification next = store.next();
        long waitMs = next == null ? RETRY.toMillis()
                : Duration.between(hub.clock().instant(), next.due()).toMillis();
        if (waitMs <= 0) {
            if (!store.claim(next, LEASE)) {
                changed.await(50, TimeUnit.MILLISECONDS); // another node took it
            } else if (!send(next)) {
                store.release(next);
                changed.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        long cap = store.shared() ? RETRY.toMillis() : 60_000;
        changed.await(Math.min(waitMs, cap), TimeUnit.MILLISECONDS);
    }

    // Housekeeping: a store that cannot drop old ones now must not hold up the sends (tried again later).
    private void forgetFinished() {
        Duration again = FORGET_EVERY;
        try {
            store.forgetFinished(hub.clock().instant().minus(ScheduledStore.KEEP_FINISHED));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not drop finished scheduled notifications older than "
                    + ScheduledStore.KEEP_FINISHED.toDays() + " days (" + e.getMessage() + "); trying again in 5 minutes");
            again = Duration.ofMinutes(5);
        }
        nextForget = System.nanoTime() + again.toNanos();
    }

    // False when the log refused it for now (retried); a body that no longer parses is FAILED.
    private boolean send(ScheduledNotification n) throws InterruptedException {
        EventDraft draft;
        try {
            draft = parser.parse(n.body().getBytes(StandardCharsets.UTF_8)).toDraft(hub.clock().instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduled notification " + n.id() + " no longer valid: " + e.getMessage());
            store.finish(n, ScheduledNotification.Status.FAILED, null);
            return true;
        }
        String payload = draft.payload();
        // Operators find the scheduled id in history (and the log id in GET /admin/scheduled).
        draft = new EventDraft(draft.time(), draft.topics(), draft.users(), draft.expiresAt(),
                payload.substring(0, payload.length() - 1) + ",\"scheduled\":\"" + n.id() + "\"}");
        long eventId;
        try {
            eventId = hub.publish(draft).event().id();
        } catch (RuntimeException e) {
            if (hub.isClosed()) { // stored or not, we cannot tell: the claim stays, to be taken over (at least once)
                closed = true;
                return true;
            }
            LOG.log(Level.WARNING, "could not send scheduled notification " + n.id() + "; retrying", e);
            return false;
        }
        // It went out: from here it must never be given back (it would go out again), so marking it
        // sent is retried until the store takes it.
        boolean told = false;
        while (true) {
            try {
                store.finish(n, ScheduledNotification.Status.SENT, eventId);
                return true;
            } catch (RuntimeException e) {
                if (closed || hub.isClosed()) {
                    return true;
                }
                if (!told) {
                    LOG.warning("scheduled notification " + n.id() + " went out as " + eventId
                            + " but cannot be marked sent yet (" + e.getMessage() + "); retrying");
                    told = true;
                }
                // Keeps the lock: a cancel meanwhile would be told "cancelled" for one that went out.
                Thread.sleep(RETRY.toMillis());
            }
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
