package dev.herald.lifecycle;

import dev.herald.http.ApiException;
import dev.herald.http.Query;
import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.notify.NotificationParser;
import dev.herald.store.EventDraft;
import dev.herald.store.EventLogException;
import dev.herald.store.EventLog;
import dev.herald.store.RedisEventLog;
import dev.herald.store.SqliteEventLog;
import dev.herald.store.StoredEvent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A notification's life after POST /notify: scheduled send, cancel, retract and the receipts
 * pages report. One per server; {@link #close()} stops the scheduler.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());
    /** How many recent notifications keep receipt counts. */
    public static final int RECEIPT_LEDGER_SIZE = 1000;

    private final Hub hub;
    private final Scheduler scheduler;
    private final ReceiptLedger receipts = new ReceiptLedger(RECEIPT_LEDGER_SIZE);
    private final NotificationCounts counts;
    private final ReceiptRelay relay; // cluster mode only

    /** @param dataDir where counts.db keeps delivery counts across restarts (SQLite log only) */
    public Lifecycle(Hub hub, ScheduledStore store, int maxMessage, Path dataDir) {
        this.hub = hub;
        this.scheduler = new Scheduler(store, hub, new NotificationParser(maxMessage));
        // In a cluster each node delivers to its own streams: the totals add up every node's counts.
        if (hub.log() instanceof RedisEventLog redis) {
            this.counts = new ClusterCounts(hub, receipts, redis.client(), redis.streamKey());
            this.relay = new ReceiptRelay(redis.client(), redis.streamKey(), hub, this::reportForwarded);
        } else {
            this.counts = hub.log() instanceof SqliteEventLog ? savedCounts(hub, receipts, dataDir)
                    : new LocalCounts(hub, receipts);
            this.relay = null;
        }
    }

    // Statistics, not notifications: a counts.db that cannot be opened does not stop the server.
    private static NotificationCounts savedCounts(Hub hub, ReceiptLedger receipts, Path dataDir) {
        try {
            return new SqliteCounts(hub, receipts, dataDir);
        } catch (IllegalStateException e) {
            LOG.severe(e.getMessage() + ": delivery counts are kept in memory only until a restart that can open"
                    + " it (move the file away to start a new one)");
            return new LocalCounts(hub, receipts);
        }
    }

    /**
     * The scheduled store for a server: in Redis beside a cluster's log (shared by every node), in
     * memory for the memory log, else scheduled.db in the data dir.
     */
    public static ScheduledStore store(EventLog log, String storeKind, Path dataDir, String nodeId) {
        if (log instanceof RedisEventLog redis) {
            return new RedisScheduledStore(redis.client(), redis.streamKey(), nodeId, dataDir, redis::writeFailed);
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

    /** Passes receipts for another node's streams on to it; null on a single node. */
    public ReceiptRelay relay() {
        return relay;
    }

    /** Whether the connection is an open stream of this node. */
    public boolean holds(String connection) {
        return hub.subscriber(connection) != null;
    }

    /**
     * Counts a page's receipts for its stream on this node, once the caller is known to own the stream
     * (its user, or an operator; an anonymous page proves it by knowing the connection id). Each id is
     * checked on its own (unknown, or not meant for this connection): the ids that pass count, the others
     * are listed in {@code refused}, so one notification retracted while the page's batch waited does not
     * lose the rest. A batch in which no id passes is refused as a whole with the first id's error.
     */
    public Map<String, Object> report(ReceiptBatch batch, boolean operator, String user) {
        Subscriber sub = hub.subscriber(batch.connection());
        if (sub == null) {
            throw new ApiException(404, "unknown_connection", "no open stream " + batch.connection()
                    + " (send receipts while the stream is open)");
        }
        if (!operator && !Objects.equals(user, sub.info().user())) {
            throw new ApiException(403, "not_your_connection", "connection " + sub.id() + " belongs to another user");
        }
        Set<Long> all = new LinkedHashSet<>(batch.delivered());
        all.addAll(batch.seen());
        Map<Long, ApiException> refused = new LinkedHashMap<>();
        // From memory when it holds the ids (every page reports the same few recent ones), in a cluster one round trip.
        Map<Long, StoredEvent> stored = Notifications.findAll(hub, all);
        for (long id : all) {
            try {
                check(sub, id, stored.get(id));
            } catch (ApiException e) {
                refused.put(id, e);
            }
        }
        if (!all.isEmpty() && refused.size() == all.size()) {
            throw refused.values().iterator().next();
        }
        Instant now = hub.clock().instant();
        int delivered = 0;
        int seen = 0;
        int duplicates = 0;
        for (long id : batch.delivered()) {
            if (!refused.containsKey(id)) {
                boolean fresh = receipts.delivered(id, sub.reported(), sub.info().user(), now);
                delivered += fresh ? 1 : 0;
                duplicates += fresh ? 0 : 1;
            }
        }
        for (long id : batch.seen()) {
            if (!refused.containsKey(id)) {
                // Seen implies delivered: counted here first, so the answer's delivered says so (it said 0).
                delivered += receipts.delivered(id, sub.reported(), sub.info().user(), now) ? 1 : 0;
                boolean fresh = receipts.seen(id, sub.reported(), sub.info().user(), now);
                seen += fresh ? 1 : 0;
                duplicates += fresh ? 0 : 1;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivered", delivered);
        body.put("seen", seen);
        body.put("duplicates", duplicates);
        body.put("refused", refused.entrySet().stream()
                .map(r -> new RefusedReceipt(r.getKey(), r.getValue().error())).toList());
        return body;
    }

    // A batch another node passed on: checked the same way; what fails the checks is dropped.
    private void reportForwarded(ReceiptBatch batch, boolean operator, String user) {
        try {
            report(batch, operator, user);
        } catch (ApiException e) {
            LOG.fine(() -> "forwarded receipts for " + batch.connection() + " dropped: " + e.getMessage());
        }
    }

    // 404 when no such notification is stored; 403 when this connection was never meant to get it.
    private void check(Subscriber sub, long id, StoredEvent e) {
        if (e == null) {
            throw new ApiException(404, "unknown_notification", "no stored notification " + id);
        }
        boolean forThisConnection = sub.hears(e);
        // Published after the stream opened but not written to it yet: it cannot have arrived.
        boolean notYet = e.id() > sub.lastDeliveredId() && !e.time().isBefore(sub.info().connectedAt());
        if (!forThisConnection || notYet) {
            throw new ApiException(403, "not_received", "notification " + id + " was not sent to connection " + sub.id());
        }
    }

    /** An id of a receipts batch that did not count, and why (the error a batch of only it would get). */
    public record RefusedReceipt(long id, String error) {
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
            String canonical = scheduled.text(); // s-08 acted on s-8: answer what it acted on
            return switch (n.status()) {
                case CANCELLED -> new Removal(canonical, "cancelled", null, null);
                case SENT -> retract(n.eventId(), canonical);
                case PENDING -> throw new ApiException(409, "being_sent", "scheduled notification " + id
                        + " is being sent right now (or waits out the claim of a node that stopped while sending it, up to a"
                        + " minute); try again in a moment (once sent, it is retracted)");
                default -> throw new ApiException(409, "not_pending", "scheduled notification " + id
                        + " failed and was never sent");
            };
        }
        // ASCII digits only, as ids in the query: Long.parseLong took +5 (and other scripts' digits).
        Long eventId = Query.digitsId(id);
        if (eventId == null) {
            boolean digits = !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
            throw new ApiException(404, "unknown_notification", digits
                    ? "no notification " + id + " (ids go up to " + Long.MAX_VALUE + ")"
                    : "notification ids are numbers or s-<n> (scheduled; s-<node>.<n> in cluster mode)");
        }
        return retract(eventId, Long.toString(eventId)); // 007 acted on 7: answer what it acted on
    }

    private Removal retract(long eventId, String asked) {
        StoredEvent target = Notifications.find(hub, eventId);
        if (target == null) {
            throw gone(asked);
        }
        // The retract entry first: when the removal then fails (the store goes away, the node stops), the
        // notification is still stored, so the operator's retry finishes it, and every reader (other
        // nodes' memory included) was already told to drop it. The other way round, a failed append
        // left it removed here but served by other nodes' memory, and a retry found nothing to retract.
        StoredEvent control = hub.log().append(EventDraft.control("retract", hub.clock().instant(),
                target.topics(), target.users(), "{\"id\":" + eventId + "}"));
        StoredEvent removed;
        try {
            removed = hub.retract(eventId);
        } catch (EventLogException e) {
            // Not "nothing was accepted": the retract entry is stored and on its way to every reader.
            throw new ApiException(503, "store_unavailable", "the retract of " + asked + " is stored and on its way to"
                    + " every reader (entry " + control.id() + "), but the notification could not be removed from the store: send"
                    + " the same DELETE again (" + e.getMessage() + ")");
        }
        if (removed == null) {
            throw gone(asked); // a DELETE of the same id came first (its readers got the retract twice)
        }
        receipts.forget(eventId);
        counts.forget(eventId);
        return new Removal(asked, "retracted", eventId, control.id());
    }

    private static ApiException gone(String asked) {
        return new ApiException(404, "unknown_notification", "no stored notification " + asked
                + " (never sent, already retracted or removed by retention)");
    }

    /** Stops the scheduler and the relay; the counts stay open until {@link #closeCounts()}. */
    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        scheduler.close();
    }

    /** Stops counting and saves the last changes (SQLite): call once streams and publishes have ended. */
    public void closeCounts() {
        counts.close();
    }
}
