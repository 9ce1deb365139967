package dev.herald.store;

import dev.herald.support.LogCapture;
import dev.herald.support.RedisServerProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
