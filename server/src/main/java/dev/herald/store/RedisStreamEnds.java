package dev.herald.store;

import redis.clients.jedis.RedisClient;

import java.util.List;

/**
 * Where the shared stream ends, as this node knows it: the latest id and the highest id gone (the cut), read
 * together by one script ({@link RedisEntries#STATE}), and the last known kept for when Redis does not answer
 * (hello frames still go out). Ids only grow, so the latest is the highest any path saw: a read, this node's
 * appends, its reader. When the stream starts over (Redis lost its data) the cut is the new stream's: a cut
 * read before that and answered after is the lost stream's and is not taken.
 */
final class RedisStreamEnds {
    private static final RedisScript STATE = RedisScript.of(RedisEntries.STATE);
    private final RedisClient redis;
    private final List<String> keys;
    private volatile long knownLatest;
    private volatile long knownPruned;
    private final Object prunedLock = new Object();
    private volatile int era; // bumped when the stream starts over

    RedisStreamEnds(RedisClient redis, String stream, String sequence) {
        this.redis = redis;
        this.keys = List.of(stream, sequence);
    }

    /** The latest id, asked of Redis now (fails when it does not answer). */
    long latest() {
        return read()[0];
    }

    /** The highest id known to be taken (this node's and its reader's): an append's floor, so no id is reused. */
    long floor(long readerAt) {
        return Math.max(knownLatest, readerAt);
    }

    /** This node stored {@code id}. */
    void appended(long id) {
        knownLatest = Math.max(knownLatest, id);
    }

    /** The cut as last known, without asking. */
    long pruned() {
        return knownPruned;
    }

    /** The stream started over (Redis lost its data): from now on the cut is the new stream's. */
    void startOver() {
        long[] s = read();
        synchronized (prunedLock) {
            era++;
            knownPruned = s[1];
        }
    }

    /** Asks Redis; when it does not answer, the last known, marked not current. */
    EventLog.Position now(long readerAt) {
        boolean current = true;
        try {
            int before = era;
            long[] s = read();
            knownLatest = Math.max(knownLatest, s[0]);
            synchronized (prunedLock) { // a cut read before the stream started over is the lost stream's
                if (era == before) {
                    knownPruned = Math.max(knownPruned, s[1]);
                }
            }
        } catch (EventLogException e) {
            current = false; // Redis is away: the last we knew is the best answer (hello frames still go out)
        }
        return new EventLog.Position(Math.max(knownLatest, readerAt), knownPruned, current);
    }

    // {latest id, highest id gone}, read atomically.
    private long[] read() {
        List<?> r = (List<?>) STATE.run(redis, keys, List.of());
        return new long[]{((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()};
    }
}
