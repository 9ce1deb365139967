package dev.herald.lifecycle;

import dev.herald.store.RedisScript;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The shared store's notifications, one Redis hash each ({@code <stream>:scheduled:n:<id>}: {@code body, due,
 * created, status}, {@code event} once sent, {@code claim} while a node sends it), read back as
 * {@link ScheduledNotification}s, many in one pipeline. A hash that is gone (expired, evicted) or was changed by
 * hand so that it cannot be read is left out, with a warning for the latter: one must never stop the others.
 */
final class RedisScheduledHashes {
    private static final Logger LOG = Logger.getLogger(RedisScheduledStore.class.getName());
    private final RedisClient redis;
    private final String prefix;

    RedisScheduledHashes(RedisClient redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** The key of one notification's hash. */
    String key(String id) {
        return prefix + ":n:" + id;
    }

    /** The one with this id, or null when its hash is gone or unreadable. */
    ScheduledNotification get(String id) {
        return decode(id, RedisScript.call(() -> redis.hgetAll(key(id))));
    }

    /** Those of {@code ids} that can be read, in that order. */
    List<ScheduledNotification> read(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Response<Map<String, String>>> replies = new ArrayList<>(ids.size());
        RedisScript.call(() -> {
            try (AbstractPipeline p = redis.pipelined()) {
                ids.forEach(id -> replies.add(p.hgetAll(key(id))));
                p.sync();
            }
            return null;
        });
        List<ScheduledNotification> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            ScheduledNotification n = decode(ids.get(i), replies.get(i).get());
            if (n != null) { // null: expired (RedisScheduledTrim drops it from :all) or unreadable
                out.add(n);
            }
        }
        return out;
    }

    private static ScheduledNotification decode(String id, Map<String, String> h) {
        ScheduledNotification.Id parsed = ScheduledNotification.parseId(id);
        if (h == null || h.isEmpty() || parsed == null || !h.containsKey("body")) {
            return null;
        }
        String event = h.get("event");
        try {
            return new ScheduledNotification(parsed.seq(), h.get("body"), Instant.ofEpochMilli(Long.parseLong(h.get("due"))),
                    Instant.ofEpochMilli(Long.parseLong(h.get("created"))),
                    ScheduledNotification.Status.valueOf(h.get("status")), event == null ? null : Long.parseLong(event),
                    parsed.node());
        } catch (RuntimeException e) { // changed by hand: one unreadable entry must not stop every send
            LOG.warning("scheduled notification " + id + " in redis is unreadable (" + e + "); left out");
            return null;
        }
    }
}
