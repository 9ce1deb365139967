package dev.herald.store;

import dev.herald.support.LogCapture;
import dev.herald.support.RedisServerProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.LogRecord;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** A Redis that answers PING but refuses writes for memory, and one that may evict Herald's keys. */
class RedisMemoryTest {
    private static final String KEY = "herald:memory-test";

    private static EventDraft draft(String message) {
        return new EventDraft(Instant.now(), List.of("ops"), List.of(), null, "{\"message\":\"" + message + "\"}");
    }

    // Full under maxmemory with noeviction, Redis still answered PING: /observe/health stayed UP while every
    // publish was a 503. Health is now DOWN naming Redis's OOM answer, and UP again once Redis has room.
    @Test
    void aRedisFullUnderNoevictionIsDownUntilItHasRoomAgain() {
        try (RedisServerProcess full = RedisServerProcess.start("--maxmemory", "3mb", "--maxmemory-policy", "noeviction");
             LogCapture logs = LogCapture.on(Logger.getLogger(RedisMemory.class.getName()), Level.WARNING)) {
            RedisEndpoint endpoint = RedisEndpoint.parse(full.url(), Duration.ofSeconds(2));
            EventLog log = new RedisEventLog(endpoint, KEY, new EventLog.Retention(1000, null));
            try {
                assertThat(log.append(draft("before")).id()).isEqualTo(1);
                assertThat(log.health().up()).isTrue();
                full.fillMemory();
                assertThatThrownBy(() -> log.append(draft("refused"))).isInstanceOf(EventLogException.class)
                        .hasMessageContaining("OOM");
                EventLog.Health down = log.health();
                assertThat(down.up()).isFalse();
                assertThat(down.detail()).contains(full.url(), "OOM command not allowed", "noeviction");
                assertThat(logs.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                        .contains(full.url(), "OOM command not allowed", "refuses writes"));

                full.freeMemory(); // the other application's filler goes
                // UP again without a publish (a DOWN readiness keeps publishes away), within the recheck.
                await().atMost(Duration.ofSeconds(5)).until(() -> log.health().up());
                assertThat(log.append(draft("after")).id()).isGreaterThan(1);
            } finally {
                log.close();
            }
        }
    }

    // Near maxmemory presence writes were refused and appends went through, so every node logged "refuses writes"
    // and "takes writes again" every few seconds. One pair a minute now; the next warning counts the rest, and
    // health still says each refusal and each recovery at once.
    @Test
    void refusalsThatComeAndGoAreLoggedAtMostOnceAMinute() {
        try (RedisServerProcess full = RedisServerProcess.start("--maxmemory", "3mb", "--maxmemory-policy", "noeviction");
             LogCapture logs = LogCapture.on(Logger.getLogger(RedisMemory.class.getName()), Level.INFO)) {
            RedisEndpoint endpoint = RedisEndpoint.parse(full.url(), Duration.ofSeconds(2));
            try (RedisClient redis = endpoint.pooled(1)) {
                full.fillMemory();
                RuntimeException oom = (RuntimeException) catchThrowable(
                        () -> RedisScript.call(() -> redis.set(KEY + ":x", "x")));
                assertThat(oom).hasMessageContaining("OOM");
                AtomicLong clock = new AtomicLong();
                RedisMemory memory = new RedisMemory(redis, KEY + ":seq", "redis " + endpoint.describe(), clock::get);
                for (int flip = 0; flip < 10; flip++) {
                    clock.addAndGet(3_000_000_000L); // a presence beat
                    memory.failed(oom);
                    assertThat(memory.refusal()).contains("OOM");
                    memory.accepted();
                    assertThat(memory.refusal()).isNull();
                }
                assertThat(logs.records()).extracting(LogRecord::getLevel, LogRecord::getMessage).containsExactly(
                        tuple(Level.WARNING, "redis " + endpoint.describe() + " refuses writes (" + oomAnswer(oom)
                                + "): publishes and scheduling are 503 until it has room; free memory, raise maxmemory,"
                                + " or shorten herald.retention.*"),
                        tuple(Level.INFO, "redis " + endpoint.describe() + " takes writes again"));

                logs.clear();
                memory.failed(oom); // 27s after the warning: not logged, though it lasts...
                clock.addAndGet(40_000_000_000L);
                memory.failed(oom); // ...until the minute is over
                assertThat(logs.records()).singleElement().satisfies(r -> assertThat(r.getMessage()).contains(
                        "refuses writes", "it refused writes and took them again 9 more times since the last warning"));
                memory.accepted();
                assertThat(logs.records()).last().satisfies(r -> assertThat(r.getMessage()).endsWith("takes writes again"));
            }
        }
    }

    private static String oomAnswer(RuntimeException e) {
        String m = RedisScript.answer(e, "OOM ");
        return m.substring(m.indexOf("OOM "), m.indexOf("'.") + 2);
    }

    // An evicting Redis (allkeys-*) may drop the stream or its counter when full: notifications lost without a word.
    // Herald said nothing; it now warns at start naming the policy and noeviction. A user without CONFIG (the ACL
    // the README suggests leaves out @dangerous) cannot tell: that is not a warning.
    @Test
    void anEvictingMaxmemoryPolicyIsWarnedAboutAtStart() {
        try (RedisServerProcess evicting = RedisServerProcess.start("--maxmemory-policy", "allkeys-lru");
             LogCapture logs = LogCapture.on(Logger.getLogger(RedisMemory.class.getName()), Level.WARNING)) {
            RedisEndpoint endpoint = RedisEndpoint.parse(evicting.url(), Duration.ofSeconds(2));
            new RedisEventLog(endpoint, KEY, new EventLog.Retention(10, null)).close();
            assertThat(logs.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains(evicting.url(), "maxmemory-policy allkeys-lru", "maxmemory-policy noeviction"));

            logs.clear();
            try (Jedis j = endpoint.dedicated(0)) {
                j.aclSetUser("herald", "on", ">herald-pw", "~" + KEY + "*", "+@all", "-@dangerous");
            }
            new RedisEventLog(RedisEndpoint.parse("redis://herald:herald-pw@127.0.0.1:" + evicting.port(),
                    Duration.ofSeconds(2)), KEY, new EventLog.Retention(10, null)).close();
            assertThat(logs.records()).as("CONFIG GET refused: nothing to warn about").isEmpty();
        }
        try (RedisServerProcess keeping = RedisServerProcess.start("--maxmemory-policy", "noeviction");
             LogCapture logs = LogCapture.on(Logger.getLogger(RedisMemory.class.getName()), Level.WARNING)) {
            new RedisEventLog(RedisEndpoint.parse(keeping.url(), Duration.ofSeconds(2)), KEY,
                    new EventLog.Retention(10, null)).close();
            assertThat(logs.records()).isEmpty();
        }
    }
}
