package dev.herald.lifecycle;

import dev.herald.store.RedisScript;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the shared store's index of every notification ({@code :all}) from growing for ever: Redis expires a
 * finished one's hash, not its entry there. Once a minute, on the scheduler's thread, it checks 100 ids and drops
 * those whose hash is gone, walking the whole index in turn (the oldest may be alive for a long time: due far
 * ahead, or sent within the 30 days).
 */
final class RedisScheduledTrim {
    private static final long EVERY_NANOS = 60_000_000_000L;
    private static final int BATCH = 100;
    private final RedisClient redis;
    private final String all;
    private final RedisScheduledHashes hashes;
    private long last = System.nanoTime() - EVERY_NANOS;
    private long from;

    RedisScheduledTrim(RedisClient redis, String all, RedisScheduledHashes hashes) {
        this.redis = redis;
        this.all = all;
        this.hashes = hashes;
    }

    /** Trims one batch when a minute has passed since the last. */
    void whenDue() {
        if (System.nanoTime() - last > EVERY_NANOS) {
            last = System.nanoTime();
            trim();
        }
    }

    private void trim() {
        long start = from;
        List<String> ids = RedisScript.call(() -> redis.zrange(all, start, start + BATCH - 1));
        from = ids.size() < BATCH ? 0 : start + BATCH;
        if (ids.isEmpty()) {
            return;
        }
        List<Response<Boolean>> exists = new ArrayList<>(ids.size());
        RedisScript.call(() -> {
            try (AbstractPipeline p = redis.pipelined()) {
                ids.forEach(id -> exists.add(p.exists(hashes.key(id))));
                p.sync();
            }
            return null;
        });
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!exists.get(i).get()) {
                gone.add(ids.get(i));
            }
        }
        if (!gone.isEmpty()) {
            RedisScript.call(() -> redis.zrem(all, gone.toArray(String[]::new)));
            from = Math.max(0, from - gone.size());
        }
    }
}
