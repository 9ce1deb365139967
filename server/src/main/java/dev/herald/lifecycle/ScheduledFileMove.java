package dev.herald.lifecycle;

import dev.herald.store.EventLogException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
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

    /**
     * Does nothing when {@code from} is null or holds nothing pending. Redis errors propagate (tried
     * again before the next send); the file's own are logged and end the move until the next start:
     * trying before every send would not help, and would stop every send.
     */
    static void into(RedisScheduledStore shared, Path from) {
        if (from == null) {
            return;
        }
        try {
            move(shared, from);
        } catch (FileFailed e) {
            LOG.severe("cannot read or update " + from + "/scheduled.db to move its pending notifications to the "
                    + "cluster (" + e.getCause().getMessage() + "); those already stored in the cluster are sent from "
                    + "there but stay in the file too (the next start's move skips them), the rest stay in the file "
                    + "until the next start");
        }
    }

    private static void move(RedisScheduledStore shared, Path from) {
        if (!onFile(() -> SqliteScheduledStore.hasPending(from))) {
            return;
        }
        try (SqliteScheduledStore file = onFile(() -> new SqliteScheduledStore(from))) {
            List<ScheduledNotification> mine = onFile(file::pendingAsGiven);
            FileFailed kept = null; // one the file would not drop is in both: the next start's move skips it there
            for (ScheduledNotification n : mine) {
                ScheduledNotification there = shared.put(n) ? null : shared.get(ScheduledNotification.parseId(n.id()));
                if (there != null && !(there.body().equals(n.body()) && there.due().equals(n.due())
                        && there.created().equals(n.created()))) {
                    // Another node's s-<n> (two single nodes joined into one cluster): a new id for this one.
                    LOG.warning("scheduled notification " + n.id() + " of " + from + " has the id of another"
                            + " in the cluster; it is now " + shared.add(n.body(), n.due(), n.created()).id());
                }
                try {
                    onFile(() -> {
                        file.forget(n.seq());
                        return null;
                    });
                } catch (FileFailed e) {
                    kept = e;
                }
            }
            if (kept != null) {
                throw kept;
            }
            LOG.info("moved " + mine.size() + " pending scheduled notification(s) from " + from
                    + "/scheduled.db to the cluster's shared store (same ids)");
        }
    }

    // The file's errors (SQLite's, wrapped as IllegalStateException or EventLogException), told apart
    // from Redis's, which carry the same types.
    private static <T> T onFile(Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalStateException | EventLogException e) {
            throw new FileFailed(e);
        }
    }

    private static final class FileFailed extends RuntimeException {
        FileFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
