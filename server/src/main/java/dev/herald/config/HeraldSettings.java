package dev.herald.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Every Herald knob, read once from the {@code herald} config node (application.yaml, overridden
 * by env vars such as {@code HERALD_DATA_DIR}). Defaults live in application.yaml and here.
 *
 * @param dataDir            where the SQLite file lives
 * @param store              {@code sqlite} (durable, default), {@code memory} or {@code redis} (cluster mode)
 * @param sqliteSynchronous  {@code FULL} (fsync every commit) or {@code NORMAL}
 * @param heartbeat          the longest an idle stream goes without a write (a comment line keeps proxies from closing it)
 * @param retry              reconnect delay suggested to browsers
 * @param queueCapacity      events waiting per connection before it is dropped as too slow
 * @param maxBody            POST /notify body limit in bytes
 * @param maxMessage         message limit in characters
 * @param retentionCount     events kept in the log
 * @param retentionAge       oldest event kept, or null for no age limit
 * @param redis              cluster mode: where Redis is and the presence timing (used when store is redis)
 * @param detachStreams      take each SSE connection over from Helidon once its head is out (less memory
 *                           per stream, docs/performance.md); false keeps streams on Helidon's threads
 * @param recentEvents       newest events kept in memory for replays (store.RecentEvents); 0: every replay reads the store
 * @param linger             how long a stream writer, woken again this soon, waits to gather more events (0: never)
 */
public record HeraldSettings(Path dataDir, String store, String sqliteSynchronous, Duration heartbeat,
                             Duration retry, int queueCapacity, int maxBody, int maxMessage, long retentionCount,
                             Duration retentionAge, RedisSettings redis, boolean detachStreams, int recentEvents,
                             Duration linger) {

    private static final int MESSAGE_OVERHEAD = "{\"message\":\"\"}".length();

    /** The largest herald.limits.body: a body is read into memory whole. */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    /** This class alone (tests); a start reads every settings class together, {@link StartSettings#read}. */
    static HeraldSettings from(Config root) {
        SettingProblems problems = new SettingProblems();
        HeraldSettings s = from(root, problems);
        problems.throwIfAny();
        return s;
    }

    // Every value is read through problems, so an unreadable one does not hide the rest (StartSettings).
    static HeraldSettings from(Config root, SettingProblems problems) {
        ServerSettings.check(root, problems);
        Config h = root.get("herald");
        HeraldSettings s = new HeraldSettings(
                Path.of(h.get("data.dir").asString().orElse("./data")),
                h.get("store").asString().orElse("sqlite").trim().toLowerCase(java.util.Locale.ROOT),
                h.get("sqlite.synchronous").asString().orElse("FULL").trim(),
                problems.duration(h.get("events.heartbeat"), "50s"),
                problems.duration(h.get("events.retry"), "3s"),
                problems.integer(h.get("events.queue"), 1024),
                problems.integer(h.get("limits.body"), 64 * 1024),
                problems.integer(h.get("limits.message"), 4096),
                problems.longInteger(h.get("retention.count"), 100_000L),
                retentionAge(h.get("retention.age"), problems),
                RedisSettings.from(h.get("redis"), problems),
                problems.flag(h.get("events.detach"), true),
                problems.integer(h.get("events.recent"), 1000),
                problems.duration(h.get("events.linger"), "1ms"));
        s.validate(problems);
        return s;
    }

    // "0" in any unit (0, 0s, PT0S) means no age limit, as documented: a zero age must not prune everything.
    private static Duration retentionAge(Config node, SettingProblems problems) {
        String age = node.asString().orElse("7d").trim();
        if (age.isEmpty() || age.equals("0")) {
            return null;
        }
        Duration d = problems.duration(node, "7d");
        problems.check(!d.isNegative(), "herald.retention.age must not be negative (0 = no age limit)");
        return d.isZero() || d.isNegative() ? null : d;
    }

    private void validate(SettingProblems problems) {
        problems.check(store.equals("sqlite") || store.equals("memory") || store.equals("redis"),
                "herald.store must be sqlite, memory or redis, not " + store);
        if (store.equals("redis")) {
            redis.validate(problems);
        }
        problems.check(sqliteSynchronous.equalsIgnoreCase("FULL") || sqliteSynchronous.equalsIgnoreCase("NORMAL"),
                "herald.sqlite.synchronous must be FULL or NORMAL");
        problems.check(!heartbeat.isNegative() && heartbeat.toMillis() >= 100, "herald.events.heartbeat must be at least 100ms");
        // A negative retry was written as "retry: -1000", which browsers ignore (the field takes digits only).
        problems.check(!retry.isNegative(), "herald.events.retry (HERALD_EVENTS_RETRY) must not be negative, not " + retry);
        problems.check(queueCapacity >= 1, "herald.events.queue must be at least 1");
        problems.check(recentEvents >= 0 && recentEvents <= 1_000_000, "herald.events.recent must be from 0 to 1000000");
        problems.check(!linger.isNegative() && linger.toMillis() <= 100,
                "herald.events.linger (HERALD_EVENTS_LINGER) must be from 0ms to 100ms, not " + linger.toMillis() + "ms");
        problems.check(maxBody >= 256 && maxBody <= MAX_BODY, "herald.limits.body must be from 256 bytes to " + MAX_BODY
                + " (64 MiB)");
        problems.check(maxMessage >= 1, "herald.limits.message must be at least 1");
        problems.check(retentionCount >= 1, "herald.retention.count must be at least 1");
        // A message as long as allowed does not fit in a body with its braces and key ({"message":"…"}): said,
        // not refused, as a small body alone (1024 with the default 4096) was a working setting before. Not
        // beside a refusal: the start stops anyway, and a body limit out of range may be the cause.
        if (maxMessage > maxBody - MESSAGE_OVERHEAD && !problems.any()) {
            Logger.getLogger(HeraldSettings.class.getName()).warning("herald.limits.message (" + maxMessage
                    + " characters) cannot be reached: herald.limits.body (" + maxBody + " bytes) refuses a body that"
                    + " long first (413). Raise HERALD_LIMITS_BODY to at least " + (maxMessage + MESSAGE_OVERHEAD)
                    + " (4 bytes a character for any text), or lower HERALD_LIMITS_MESSAGE");
        }
    }
}
