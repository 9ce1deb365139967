package dev.herald.store;

import redis.clients.jedis.resps.StreamEntry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How an event sits in the Redis stream: entry id {@code <herald id>-0} and the fields
 * {@code time}, {@code expires} (absent when none), {@code topics}, {@code users} (newline-joined,
 * as in SQLite) and {@code payload}. Also the Lua scripts that keep ids global and ordered.
 */
final class RedisEntries {
    /**
     * KEYS: stream, sequence. ARGV: maxlen, floor, time, expires ('' = none), topics, users, payload.
     * INCR and XADD in one script, so ids are handed out and stored in the same order on every node.
     * The floor (the highest id this node has seen) keeps ids from being reused if Redis came
     * back without its data.
     */
    static final String APPEND = """
            local id = redis.call('INCR', KEYS[2])
            local floor = tonumber(ARGV[2])
            if id <= floor then
              id = floor + 1
              redis.call('SET', KEYS[2], string.format('%d', id))
            end
            local f = {'time', ARGV[3], 'topics', ARGV[5], 'users', ARGV[6], 'payload', ARGV[7]}
            if ARGV[4] ~= '' then
              f[#f + 1] = 'expires'
              f[#f + 1] = ARGV[4]
            end
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], string.format('%d-0', id), unpack(f))
            return id
            """;

    /**
     * KEYS: stream, sequence. Returns {latest id, highest id gone}: everything below the first
     * entry is gone (trimmed by XADD's MAXLEN ~ or by prune), or everything when the stream is empty.
     */
    static final String STATE = """
            local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
            local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
            if #first == 0 then
              return {seq, seq}
            end
            local id = tonumber(string.match(first[1][1], '^(%d+)'))
            return {seq, id - 1}
            """;

    private RedisEntries() {
    }

    static String[] appendArgs(long maxLen, long floor, EventDraft d) {
        return new String[]{
                Long.toString(maxLen),
                Long.toString(floor),
                Long.toString(d.time().toEpochMilli()),
                d.expiresAt() == null ? "" : Long.toString(d.expiresAt().toEpochMilli()),
                StoredNames.join(d.topics()),
                StoredNames.join(d.users()),
                d.payload()};
    }

    static StoredEvent decode(StreamEntry entry) {
        Map<String, String> f = entry.getFields();
        String expires = f.get("expires");
        return new StoredEvent(entry.getID().getTime(),
                Instant.ofEpochMilli(Long.parseLong(f.get("time"))),
                StoredNames.split(f.get("topics")),
                StoredNames.split(f.get("users")),
                expires == null || expires.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(expires)),
                f.get("payload"));
    }

    static long time(StreamEntry entry) {
        return Long.parseLong(entry.getFields().get("time"));
    }
}
