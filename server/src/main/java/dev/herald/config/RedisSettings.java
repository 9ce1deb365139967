package dev.herald.config;

import dev.herald.store.RedisEndpoint;
import io.helidon.config.Config;

import java.time.Duration;

/**
 * The {@code herald.redis} knobs, used when {@code herald.store} is {@code redis} (cluster mode).
 *
 * @param url              {@code redis://[:password@]host:port[/db]} or {@code rediss://...} for TLS
 * @param stream           key of the shared stream; {@code <stream>:seq} holds the id counter and
 *                         {@code <stream>:nodes} / {@code <stream>:node:<id>} the cluster presence
 * @param timeout          connect and command timeout
 * @param presenceInterval how often each node writes its connection counts
 * @param presenceTtl      how long a node's counts live without a fresh write (a dead node vanishes after this)
 */
public record RedisSettings(String url, String stream, Duration timeout, Duration presenceInterval,
                            Duration presenceTtl) {

    // Read whatever the store: a duration that cannot be read stops the start even when Redis is not used.
    static RedisSettings from(Config redis, SettingProblems problems) {
        return new RedisSettings(
                redis.get("url").asString().orElse("redis://127.0.0.1:6379").trim(),
                redis.get("stream").asString().orElse("herald:events").trim(),
                problems.duration(redis.get("timeout"), "2s"),
                problems.duration(redis.get("presence.interval"), "3s"),
                problems.duration(redis.get("presence.ttl"), "10s"));
    }

    /** Every check, not only the first; what is wrong inside the URL is said by store/RedisEndpoint. */
    void validate(SettingProblems problems) {
        boolean redisScheme = url.startsWith("redis://") || url.startsWith("rediss://");
        problems.check(redisScheme, "herald.redis.url must start with"
                + " redis:// or rediss:// (TLS), e.g. redis://:password@host:6379/0");
        // Here, not only when the store opens: that came after the data-dir lock and the jwt-secret file,
        // and a start with other bad settings named them without this one.
        String inside = redisScheme ? RedisEndpoint.problem(url) : null;
        if (inside != null) {
            problems.add(inside);
        }
        problems.check(!stream.isEmpty(), "herald.redis.stream must not be empty");
        problems.check(timeout.toMillis() >= 100, "herald.redis.timeout must be at least 100ms");
        problems.check(presenceInterval.toMillis() >= 100, "herald.redis.presence.interval must be at least 100ms");
        problems.check(presenceTtl.compareTo(presenceInterval.multipliedBy(2)) >= 0,
                "herald.redis.presence.ttl must be at least twice herald.redis.presence.interval");
    }
}
