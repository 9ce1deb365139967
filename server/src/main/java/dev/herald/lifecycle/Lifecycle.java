package dev.herald.lifecycle;

import dev.herald.http.ApiException;
import dev.herald.hub.Hub;
import dev.herald.notify.NotificationParser;
import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.RedisEventLog;
import dev.herald.store.StoredEvent;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A notification's life after POST /notify: scheduled send, cancel, retract and the receipts
 * pages report. One per server; {@link #close()} stops the scheduler.
 */
public final class Lifecycle implements AutoCloseable {
    /** How many recent notifications keep receipt counts. */
    public static final int RECEIPT_LEDGER_SIZE = 1000;

    private final Hub hub;
    private final Scheduler scheduler;
    private final ReceiptLedger receipts = new ReceiptLedger(RECEIPT_LEDGER_SIZE);
    private final NotificationCounts counts;

    public Lifecycle(Hub hub, ScheduledStore store, int maxMessage) {
        this.hub = hub;
        this.scheduler = new Scheduler(store, hub, new NotificationParser(maxMessage));
        // In a cluster each node delivers to its own streams: the totals add up every node's counts.
        this.counts = hub.log() instanceof RedisEventLog redis
                ? new ClusterCounts(hub, receipts, redis.client(), redis.streamKey())
                : new LocalCounts(hub, receipts);
    }

    /**
     * The scheduled store for a server: in Redis beside a cluster's log (shared by every node), in
     * memory for the memory log, else scheduled.db in the data dir.
     */
    public static ScheduledStore store(EventLog log, String storeKind, Path dataDir, String nodeId) {
        if (log instanceof RedisEventLog redis) {
            return new RedisScheduledStore(redis.client(), redis.streamKey(), nodeId, Clock.systemUTC(), dataDir);
        }
        return "memory".equals(storeKind) ? new MemoryScheduledStore() : new SqliteScheduledStore(dataDir);
    }

    public Hub hub() {
        return hub;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ReceiptLedger receipts() {
        return receipts;
    }

    /** Delivery and receipt counts as the admin API shows them (the cluster's totals in cluster mode). */
    public NotificationCounts counts() {
        return counts;
    }

    /** The outcome of DELETE /notifications/{id}. */
    public record Removal(String id, String status, Long eventId, Long retractId) {
    }

    /**
     * Cancels a pending scheduled notification ({@code s-<n>}), or retracts a sent one (by its log
     * id, or by its scheduled id once sent): removed from the log, and an {@code event: retract}
     * entry goes to the same readers.
     */
    public Removal remove(String id) {
        ScheduledNotification.Id scheduled = ScheduledNotification.parseId(id);
        if (scheduled != null) {
            ScheduledNotification n = scheduler.owns(scheduled) ? scheduler.cancel(scheduled) : null;
            if (n == null) {
                throw new ApiException(404, "unknown_notification", "no scheduled notification " + id);
            }
            return switch (n.status()) {
                case CANCELLED -> new Removal(id, "cancelled", null, null);
                case SENT -> retract(n.eventId(), id);
                case PENDING -> throw new ApiException(409, "being_sent", "scheduled notification " + id
                        + " is being sent by another node right now; try again in a moment (then it is retracted)");
                default -> throw new ApiException(409, "not_pending", "scheduled notification " + id
                        + " failed and was never sent");
            };
        }
        long eventId;
        try {
            eventId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            boolean digits = !id.isEmpty() && id.chars().allMatch(Character::isDigit);
            throw new ApiException(404, "unknown_notification", digits
                    ? "no notification " + id + " (ids go up to " + Long.MAX_VALUE + ")"
                    : "notification ids are numbers or s-<n> (scheduled; s-<node>.<n> in cluster mode)");
        }
        return retract(eventId, id);
    }

    private Removal retract(long eventId, String asked) {
        StoredEvent target = Notifications.find(hub.log(), eventId);
        StoredEvent removed = target == null ? null : hub.retract(eventId);
        if (removed == null) {
            throw new ApiException(404, "unknown_notification", "no stored notification " + asked
                    + " (never sent, already retracted or removed by retention)");
        }
        receipts.forget(eventId);
        StoredEvent control = hub.log().append(EventDraft.control("retract", hub.clock().instant(),
                removed.topics(), removed.users(), "{\"id\":" + eventId + "}"));
        return new Removal(asked, "retracted", eventId, control.id());
    }

    @Override
    public void close() {
        counts.close();
        scheduler.close();
    }
}
