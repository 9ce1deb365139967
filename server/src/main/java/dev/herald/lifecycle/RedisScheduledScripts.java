package dev.herald.lifecycle;

import dev.herald.store.RedisScript;

/**
 * The Lua scripts behind {@link RedisScheduledStore}: claim, cancel, finish and release each run
 * atomically in Redis, so two nodes never both send one, and a cancel either wins or finds it being sent.
 * Most take the keys {@code hash, due, sending, changes} of one notification. Each script that adds or
 * removes a pending one INCRs {@code changes} in the same step, so every node's admin feed sees it ({@link #MARK}).
 */
final class RedisScheduledScripts {
    private RedisScheduledScripts() {
    }

    // KEYS: tag, seq. ARGV: a tag to use when there is none. The tag and the number are taken together, so a
    // counter Redis lost (FLUSHALL, a restart without persistence) starts over under a new tag: an id from
    // before the loss is never handed out again.
    static final RedisScript NEXT_ID = RedisScript.of("""
            local tag = redis.call('GET', KEYS[1])
            if not tag then
              tag = ARGV[1]
              redis.call('SET', KEYS[1], tag)
            end
            return {tag, redis.call('INCR', KEYS[2])}""");
    // KEYS: hash, due, all, changes. ARGV: id, body, due ms, created ms. Not when it exists (a move done twice).
    static final RedisScript ADD = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'body', ARGV[2], 'due', ARGV[3], 'created', ARGV[4], 'status', 'PENDING')
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
            redis.call('INCR', KEYS[4])
            return 1""");
    // KEYS: due, sending, changes. {changes, how many are pending}: what the admin feed compares each second.
    // A claimed one is still pending (listed, and given back if its send fails).
    static final RedisScript MARK = RedisScript.of("""
            local pending = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])
            return {tonumber(redis.call('GET', KEYS[3]) or '0'), pending}""");
    // KEYS: due, sending, the log's instance. The scheduler's look: {soonest due id or '', how many are pending,
    // instance id or ''}, together, so a count is never taken for the wrong instance (RedisScheduledLoss).
    static final RedisScript LOOK = RedisScript.of("""
            local first = redis.call('ZRANGE', KEYS[1], 0, 0)[1] or ''
            local pending = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])
            return {first, pending, redis.call('GET', KEYS[3]) or ''}""");
    // KEYS: due, changes. ARGV: id. Drops one whose hash is gone from :due.
    static final RedisScript DROP = RedisScript.of("""
            if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('INCR', KEYS[2])
            return 1""");
    // Redis's own clock for leases, so the nodes' clocks need not agree on them.
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;
    // KEYS: hash, due, sending. ARGV: id, claim token, lease ms.
    static final RedisScript CLAIM = RedisScript.of(NOW + """
            if redis.call('HGET', KEYS[1], 'status') ~= 'PENDING' then return 0 end
            if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
            redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('HSET', KEYS[1], 'claim', ARGV[2])
            return 1""");
    // KEYS: hash, due, sending, changes. ARGV: id, claim token, status, event id or '', seconds to keep.
    // Only with the claim still ours: one taken back after its lease may have been cancelled or sent since.
    static final RedisScript FINISH = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[2] then return 0 end
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('HSET', KEYS[1], 'status', ARGV[3])
            if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'event', ARGV[4]) end
            redis.call('HDEL', KEYS[1], 'claim')
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            redis.call('INCR', KEYS[4])
            return 1""");
    // KEYS: hash, due, changes. ARGV: id, seconds to keep. Not when a node is sending it (not in :due then).
    static final RedisScript CANCEL = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'status') ~= 'PENDING' then return 0 end
            if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'status', 'CANCELLED')
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            redis.call('INCR', KEYS[3])
            return 1""");
    // KEYS: hash, due, sending. ARGV: id, claim token. This node gives back its own claim.
    static final RedisScript RELEASE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[2] then return 0 end
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[1], 'claim')
            if redis.call('HGET', KEYS[1], 'status') ~= 'PENDING' then return 0 end
            redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'due'), ARGV[1])
            return 1""");
    // KEYS: hash, due, sending. ARGV: id. A claim whose lease is over (checked here, so a fresh one stays).
    static final RedisScript RECLAIM = RedisScript.of(NOW + """
            local ends = redis.call('ZSCORE', KEYS[3], ARGV[1])
            if not ends or tonumber(ends) > now then return 0 end
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[1], 'claim')
            if redis.call('HGET', KEYS[1], 'status') ~= 'PENDING' then return 0 end
            redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'due'), ARGV[1])
            return 1""");
}
