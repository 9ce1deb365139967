package dev.herald.store;

import redis.clients.jedis.RedisClient;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The Redis log's instance id, kept in {@code <stream>:instance} and made by the first node that finds
 * it missing (a new or flushed Redis). Read again at most every few seconds, so a flush is noticed
 * without a round trip per connect; a change (Redis lost its data) is told to {@code changed} once.
 */
final class RedisInstance {
    private static final long RECHECK_NANOS = 5_000_000_000L;
    private final RedisClient redis;
    private final String key;
    private final Runnable changed;
    private volatile String known = "";
    private volatile long checkedAt;
    private final ReentrantLock asking = new ReentrantLock();

    RedisInstance(RedisClient redis, String stream, Runnable changed) {
        this.redis = redis;
        this.key = key(stream);
        this.changed = changed;
    }

    static String key(String stream) {
        return stream + ":instance";
    }

    String id() {
        if (known.isEmpty() || System.nanoTime() - checkedAt > RECHECK_NANOS) {
            recheck();
        }
        return known;
    }

    /** Redis may have come back empty: the next {@link #id()} asks. */
    void askAgain() {
        checkedAt = System.nanoTime() - RECHECK_NANOS - 1;
    }

    // One caller asks at a time; the others go on with what is known (a Redis that times out would
    // otherwise queue every stream's hello behind one another's timeouts).
    private void recheck() {
        if (!asking.tryLock()) {
            return;
        }
        try {
            long now = System.nanoTime();
            if (!known.isEmpty() && now - checkedAt <= RECHECK_NANOS) {
                return; // another caller just did
            }
            String current = RedisScript.call(() -> {
                redis.setnx(key, InstanceIds.newId());
                String v = redis.get(key);
                return v == null ? "" : v;
            });
            if (!known.isEmpty() && !current.isEmpty() && !current.equals(known)) {
                changed.run(); // may fail (Redis away again): then this is noticed at the next check
            }
            known = current;
            checkedAt = now;
        } catch (EventLogException e) {
            // Redis is away: keep what we knew ("" before the first answer; clients then keep their list).
        } finally {
            asking.unlock();
        }
    }
}
