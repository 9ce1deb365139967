package dev.herald.lifecycle;

import java.util.logging.Logger;

/**
 * Says how many pending scheduled notifications went when Redis lost its data (a restart without persistence,
 * {@code FLUSHALL}). The scheduler's look each second reads the pending count and the log's instance id in one
 * script; when the instance changes (the same sign the fan-out logs as "lost &lt;stream&gt; (a new log instance)"),
 * the count last seen under the old one is what was lost: up to a second old, so one scheduled just before the
 * loss may be missing from it. While the instance key is missing (until a node makes it again) nothing is
 * compared, so the count from before the loss is kept. Each node logs the same loss; the line names both
 * instance ids so the copies can be told apart from another loss.
 */
final class RedisScheduledLoss {
    private static final Logger LOG = Logger.getLogger(RedisScheduledStore.class.getName());
    private final String where;
    private String instance = ""; // the scheduler's thread only
    private int pending;

    RedisScheduledLoss(String where) {
        this.where = where;
    }

    /** One look: the log's instance id ("" while missing) and how many are pending under it. */
    void looked(String currentInstance, int currentPending) {
        if (currentInstance.isEmpty()) {
            return;
        }
        if (!instance.isEmpty() && !instance.equals(currentInstance) && pending > 0) {
            // Every node sees the loss and logs it: the ids let aggregated logs group the copies as one loss.
            LOG.warning("redis lost its data (log instance " + instance + " is now " + currentInstance
                    + "; each node logs this): " + (pending == 1
                    ? "1 scheduled notification that was pending in " + where + " is"
                    : pending + " scheduled notifications that were pending in " + where + " are")
                    + " gone and will not be sent (their ids are not handed out again; schedule them again if"
                    + " still wanted). Run Redis with appendonly yes to keep them across a restart");
        }
        instance = currentInstance;
        pending = currentPending;
    }
}
