package dev.herald.lifecycle;

import dev.herald.store.EventLogException;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Moves the pending notifications of a node's own {@code scheduled.db} (kept there by builds before the
 * shared store) into the cluster's {@link RedisScheduledStore}, with their ids. Stored there first, then
 * dropped from the file: a move cut short is finished at the next start.
 */
final class ScheduledFileMove {
    private static final Logger LOG = Logger.getLogger(RedisScheduledStore.class.getName());

    private ScheduledFileMove() {
    }

    /** Does nothing when {@code from} is null or holds nothing pending; Redis errors propagate (tried again later). */
    static void into(RedisScheduledStore shared, Path from) {
        boolean waiting;
        try {
            waiting = from != null && SqliteScheduledStore.hasPending(from);
        } catch (IllegalStateException | EventLogException e) { // not Redis: trying every second would not help, and would stop every send
            LOG.severe("cannot read " + from + "/scheduled.db to move its pending notifications to the cluster ("
                    + e.getMessage() + "); they stay there");
            return;
        }
        if (!waiting) {
            return;
        }
        try (SqliteScheduledStore file = new SqliteScheduledStore(from)) {
            List<ScheduledNotification> mine = file.pendingAsGiven();
            for (ScheduledNotification n : mine) {
                ScheduledNotification there = shared.put(n) ? null : shared.get(ScheduledNotification.parseId(n.id()));
                if (there != null && !(there.body().equals(n.body()) && there.due().equals(n.due())
                        && there.created().equals(n.created()))) {
                    // Another node's s-<n> (two single nodes joined into one cluster): a new id for this one.
                    LOG.warning("scheduled notification " + n.id() + " of " + from + " has the id of another"
                            + " in the cluster; it is now " + shared.add(n.body(), n.due(), n.created()).id());
                }
                file.forget(n.seq());
            }
            LOG.info("moved " + mine.size() + " pending scheduled notification(s) from " + from
                    + "/scheduled.db to the cluster's shared store (same ids)");
        }
    }
}
