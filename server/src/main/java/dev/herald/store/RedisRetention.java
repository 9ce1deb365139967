package dev.herald.store;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XTrimParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Instant;
import java.util.List;

/**
 * Retention of the cluster's stream, run by each node's pruner: exact count ({@code XTRIM MAXLEN}),
 * then age ({@code XTRIM MINID} past the oldest run of entries older than the limit). Appends trim
 * approximately ({@code MAXLEN ~}) on their own; this makes it exact.
 */
final class RedisRetention {
    private static final int READ_PAGE = 500;

    private final RedisClient redis;
    private final String stream;
    private final EventLog.Retention retention;

    RedisRetention(RedisClient redis, String stream, EventLog.Retention retention) {
        this.redis = redis;
        this.stream = stream;
        this.retention = retention;
    }

    /** Trims the stream to the retention limits; returns how many entries went. */
    int trim(Instant now) {
        long removed = RedisScript.call(() -> redis.xtrim(stream,
                XTrimParams.xTrimParams().maxLen(retention.maxEvents()).exactTrimming()));
        if (retention.maxAge() != null) {
            long cut = lastOlderThan(now.minus(retention.maxAge()).toEpochMilli());
            if (cut > 0) {
                removed += RedisScript.call(() -> redis.xtrim(stream,
                        XTrimParams.xTrimParams().minId((cut + 1) + "-0").exactTrimming()));
            }
        }
        return (int) removed;
    }

    // The id of the last entry of the oldest run of entries older than cutoff (0 when none).
    private long lastOlderThan(long cutoffMillis) {
        long cut = 0;
        String start = "-";
        while (true) {
            String from = start;
            List<StreamEntry> page = RedisScript.call(() -> redis.xrange(stream, from, "+", READ_PAGE));
            for (StreamEntry entry : page) {
                if (RedisEntries.time(entry) >= cutoffMillis) {
                    return cut;
                }
                cut = entry.getID().getTime();
            }
            if (page.size() < READ_PAGE) {
                return cut;
            }
            start = "(" + cut + "-0";
        }
    }
}
