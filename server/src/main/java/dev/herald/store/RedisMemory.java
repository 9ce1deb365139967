package dev.herald.store;

import redis.clients.jedis.RedisClient;

import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether Redis refuses writes for memory: full under {@code maxmemory} with {@code maxmemory-policy
 * noeviction} it still answers PING but every write gets "OOM command not allowed...". Learnt from the
 * writes' own answers (appends, and through {@link RedisEventLog#writeFailed} scheduling and presence), so a
 * probe costs nothing while writes go through; once one was refused, health
 * asks again with a write that changes nothing ({@code INCRBY <seq> 0}, refused for memory like any
 * write), at most once a second, so the node comes back UP without waiting for a publish its DOWN
 * readiness keeps away. Also warns, once Redis first answers, of a {@code maxmemory-policy} that may evict
 * Herald's keys.
 *
 * <p>Near {@code maxmemory} some writes get through and some do not, so the state may flip every few seconds on
 * every node: the "refuses writes" warning is logged at most once a minute (with its "takes writes again"),
 * and the next one says how many refusals were not logged. A refusal that lasts is logged once the minute is over.
 */
final class RedisMemory {
    private static final Logger LOG = Logger.getLogger(RedisMemory.class.getName());
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;
    private final RedisClient redis;
    private final String sequence;
    private final String where;
    private volatile String refusal; // Redis's answer to the last refused write; null while writes go through
    private volatile long checkedAt;
    private volatile boolean policyChecked;
    private final LongSupplier nanos;
    // The log lines' rate limit; guarded by this.
    private boolean refusalLogged; // this refusal's warning was logged, so its end is logged too
    private long warnedAt;
    private boolean warned;
    private int unlogged; // refusals (each with its end) not logged since the last warning
    // May evict any key: the stream, its counter, its instance id, the shared token key. (volatile-* evicts
    // only keys with a TTL, and Herald's are the nodes' presence reports, written again every beat.)
    private static final Set<String> EVICTING = Set.of("allkeys-lru", "allkeys-lfu", "allkeys-random");

    RedisMemory(RedisClient redis, String sequence, String where) {
        this(redis, sequence, where, System::nanoTime);
    }

    RedisMemory(RedisClient redis, String sequence, String where, LongSupplier nanos) {
        this.redis = redis;
        this.sequence = sequence;
        this.where = where;
        this.nanos = nanos;
    }

    /**
     * Once, when Redis first answers: a warning naming a {@code maxmemory-policy} that may evict Herald's keys.
     * {@code CONFIG GET} refused (an ACL without it, a managed Redis) is only logged at FINE: not knowing is normal.
     */
    void checkPolicy() {
        if (policyChecked) {
            return;
        }
        policyChecked = true;
        String policy;
        try {
            policy = RedisScript.call(() -> redis.configGet("maxmemory-policy")).get("maxmemory-policy");
        } catch (EventLogException e) {
            LOG.log(Level.FINE, where + ": cannot read maxmemory-policy (" + e.getMessage() + ")");
            return;
        }
        if (policy != null && EVICTING.contains(policy)) {
            LOG.warning(where + " has maxmemory-policy " + policy + ": when full it may evict Herald's stream or"
                    + " its other keys, and notifications are lost without a word. Set maxmemory-policy noeviction"
                    + " (CONFIG SET maxmemory-policy noeviction, and in redis.conf): a full Redis then refuses"
                    + " publishes (503) instead");
        }
    }

    /** A write went through. */
    void accepted() {
        if (refusal != null) { // checked first: every append comes here
            synchronized (this) {
                if (refusal != null) {
                    refusal = null;
                    if (refusalLogged) {
                        refusalLogged = false;
                        LOG.info(where + " takes writes again");
                    }
                }
            }
        }
    }

    /**
     * A write failed (an append, or another part's: scheduling, presence): remembered when Redis refused it for
     * memory (an outage is PING's to report). Only appends tell {@link #accepted()}: a script that returns before
     * its first write goes through on a full Redis too, and the probe in {@link #refusal()} brings it back UP.
     */
    void failed(RuntimeException e) {
        String oom = oomAnswer(e);
        if (oom == null) {
            return;
        }
        synchronized (this) {
            if (refusal == null) {
                unlogged++; // until warned below
            }
            refusal = oom;
            checkedAt = nanos.getAsLong();
            warnIfDue();
        }
    }

    // Guarded by this: the warning for the refusal in force, unless one was logged less than a minute ago.
    private void warnIfDue() {
        long now = nanos.getAsLong();
        if (refusal == null || refusalLogged || (warned && now - warnedAt < WARN_EVERY_NANOS)) {
            return;
        }
        unlogged--; // this one is
        String quiet = unlogged == 0 ? "" : " (it refused writes and took them again " + unlogged
                + (unlogged == 1 ? " more time" : " more times") + " since the last warning; logged at most once a minute)";
        LOG.warning(where + " refuses writes (" + refusal + "): publishes and scheduling are 503 until it has room;"
                + " free memory, raise maxmemory, or shorten herald.retention.*" + quiet);
        refusalLogged = true;
        warned = true;
        warnedAt = now;
        unlogged = 0;
    }

    /** Why writes are refused, or null when they go through (asks Redis again while refused). */
    String refusal() {
        if (refusal != null && nanos.getAsLong() - checkedAt > RECHECK_NANOS) {
            checkedAt = nanos.getAsLong();
            try {
                RedisScript.call(() -> redis.incrBy(sequence, 0));
                accepted();
            } catch (EventLogException e) {
                failed(e); // still full, or away (PING says so)
            }
        }
        String r = refusal;
        return r == null ? null : "Redis refuses writes for memory: " + r
                + " (maxmemory reached with maxmemory-policy noeviction)";
    }

    private static String oomAnswer(Throwable e) {
        String m = RedisScript.answer(e, "OOM ");
        if (m == null) {
            return null;
        }
        int at = m.indexOf("OOM ");
        int end = m.indexOf("'.", at);
        return end > 0 ? m.substring(at, end + 2) : m.substring(at);
    }
}
