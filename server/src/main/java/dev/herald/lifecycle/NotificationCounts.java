package dev.herald.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * Delivery and receipt counts of notifications as the admin API shows them: {@link LocalCounts} on
 * one node with the memory store, {@link SqliteCounts} (saved in counts.db, so they outlive a restart)
 * with SQLite, {@link ClusterCounts} (every node's added up) in cluster mode.
 */
public interface NotificationCounts extends AutoCloseable {

    /**
     * @param recipients     connections it was addressed to when fanned out; null when unknown
     * @param delivered      connections it was written to; null when unknown (older than what is kept)
     * @param pagesDelivered pages that reported it delivered; null when unknown
     * @param seen           pages that reported it seen; null when unknown
     * @param users          signed-in users' receipts, by name (cluster: only from {@link #withUsers})
     */
    record Counts(long id, Integer recipients, Long delivered, Integer pagesDelivered, Integer seen,
                  List<ReceiptLedger.UserReceipt> users) {
    }

    /** The counts of these notifications, by id (every id has an entry). */
    Map<Long, Counts> of(List<Long> ids);

    default Counts of(long id) {
        return of(List.of(id)).get(id);
    }

    /** The counts of one notification with the users who received and saw it (of every node). */
    default Counts withUsers(long id) {
        return of(id);
    }

    /** Drops a retracted notification's counts where they are kept beyond memory (not in a cluster: they expire). */
    default void forget(long id) {
    }

    /** Ids whose recipients or page receipts changed since the last call, for the stats feed. Never throws. */
    List<Long> drainChanged();

    @Override
    default void close() {
    }
}
