package dev.herald.store;

import dev.herald.support.RedisExtension;
import dev.herald.support.RedisServerProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RedisEventLogTest extends EventLogContract {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    private String key;

    @BeforeEach
    void freshStream() {
        key = "herald:test:" + UUID.randomUUID();
    }

    private RedisEndpoint endpoint() {
        return RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2));
    }

    @Override
    protected EventLog create(EventLog.Retention retention) {
        RedisEventLog log = new RedisEventLog(endpoint(), key, retention);
        try { // so the contract's reads of some topics go through the index, not the scan it starts with
            assertThat(log.awaitAudienceIndex(Duration.ofSeconds(10))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return log;
    }

    @Test
    void everyNodeOnAStreamSharesTheInstanceIdAndWipedDataGetsANewOne() throws Exception {
        EventLog a = open();
        EventLog b = open();
        String id = a.instanceId();
        assertThat(b.instanceId()).isEqualTo(id);
        try (Jedis j = endpoint().dedicated(0)) {
            j.del(key, key + ":seq", key + ":instance"); // what a FLUSHALL does to this stream
        }
        EventLog c = open();
        assertThat(c.instanceId()).isNotBlank().isNotEqualTo(id);
    }

    @Test
    void entriesUseTheHeraldIdAsStreamIdWithTheSqliteFieldSet() {
        EventLog log = open();
        StoredEvent e = log.append(new EventDraft(T0, List.of("ops", "dev"), List.of("u1"), T0.plusSeconds(60),
                "{\"message\":\"x\"}"));
        try (Jedis j = endpoint().dedicated(0)) {
            List<StreamEntry> entries = j.xrange(key, "-", "+");
            assertThat(entries).hasSize(1);
            assertThat(entries.getFirst().getID().toString()).isEqualTo(e.id() + "-0");
            assertThat(entries.getFirst().getFields()).containsEntry("topics", "ops\ndev")
                    .containsEntry("users", "u1")
                    .containsEntry("payload", "{\"message\":\"x\"}")
                    .containsEntry("time", String.valueOf(T0.toEpochMilli()))
                    .containsEntry("expires", String.valueOf(T0.plusSeconds(60).toEpochMilli()));
        }
    }

    @Test
    void twoLogsOnOneStreamShareOrderedIdsAndBothDeliverEveryEventOnce() {
        EventLog a = open();
        EventLog b = open();
        List<Long> seenA = Collections.synchronizedList(new ArrayList<>());
        List<Long> seenB = Collections.synchronizedList(new ArrayList<>());
        a.subscribe(e -> seenA.add(e.id()));
        b.subscribe(e -> seenB.add(e.id()));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add((i % 2 == 0 ? a : b).append(draft("n" + i)).id());
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).until(() -> seenA.size() == 20 && seenB.size() == 20);
        assertThat(seenA).containsExactlyElementsOf(ids);
        assertThat(seenB).containsExactlyElementsOf(ids);
        assertThat(b.readAfter(0, EventFilter.everything(T0), 100)).extracting(StoredEvent::id)
                .containsExactlyElementsOf(ids);
    }

    @Test
    void approximateTrimmingInsideAppendStillReportsWhatWasPruned() {
        EventLog log = open(new EventLog.Retention(10, null));
        List<StoredEvent> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(log.append(draft("m" + i)));
        }
        List<StoredEvent> kept = log.readAfter(0, EventFilter.everything(T0), 2000);
        assertThat(kept.size()).isGreaterThanOrEqualTo(10).isLessThan(1000);
        assertThat(log.prunedThrough()).isEqualTo(kept.getFirst().id() - 1);
        assertThat(kept.getLast().id()).isEqualTo(all.getLast().id());
    }

    @Test
    void idsKeepIncreasingWhenRedisLostItsCounter() {
        EventLog log = open();
        StoredEvent a = log.append(draft("a"));
        StoredEvent b = log.append(draft("b"));
        try (Jedis j = endpoint().dedicated(0)) {
            j.del(key, key + ":seq");
        }
        StoredEvent c = log.append(draft("c"));
        assertThat(c.id()).isGreaterThan(b.id()).isGreaterThan(a.id());
    }

    @Test
    void passwordInTheUrlIsUsedAndNeverShown() {
        try (RedisServerProcess locked = RedisServerProcess.start("--requirepass", "s3cret-pw")) {
            String base = "127.0.0.1:" + locked.port();
            EventLog good = new RedisEventLog(RedisEndpoint.parse("redis://:s3cret-pw@" + base + "/0", Duration.ofSeconds(2)),
                    key, new EventLog.Retention(10, null));
            try {
                assertThat(good.health().up()).isTrue();
                assertThat(good.append(draft("authenticated")).id()).isEqualTo(1);
                assertThat(good.health().detail()).contains(base).doesNotContain("s3cret-pw");
            } finally {
                good.close();
            }
            // A wrong password cannot get better by retrying: the start fails, naming the URL without it.
            assertThatThrownBy(() -> new RedisEventLog(RedisEndpoint.parse("redis://:wrong-pw@" + base,
                    Duration.ofSeconds(2)), key, new EventLog.Retention(10, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(base).hasMessageContaining("herald.redis.url")
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("pass").doesNotContain("wrong-pw"));
            assertThatThrownBy(() -> new RedisEventLog(RedisEndpoint.parse("redis://:s3cret-pw@" + base + "/99",
                    Duration.ofSeconds(2)), key, new EventLog.Retention(10, null)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("DB index");
        }
    }

    // A password for Redis's default user when Redis asks none was accepted: Redis 6+ takes any password
    // for a user without one (HELLO ... AUTH), so the operator believed Redis protected while anyone could connect.
    @Test
    void aPasswordRedisDoesNotAskForStopsTheStartWithoutShowingIt() {
        String base = "127.0.0.1:" + redis.process().port();
        for (String url : List.of("redis://:unneeded-pw@" + base, "redis://default:unneeded-pw@" + base + "/0")) {
            assertThatThrownBy(() -> new RedisEventLog(RedisEndpoint.parse(url, Duration.ofSeconds(2)), key,
                    new EventLog.Retention(10, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(base).hasMessageContaining("herald.redis.url")
                    .hasMessageContaining("asks for no password")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("unneeded-pw"));
        }
        // A user of its own with a password is checked by Redis: that one is fine even when the default user is open.
        String user = "herald-" + UUID.randomUUID();
        try (Jedis j = endpoint().dedicated(0)) {
            j.aclSetUser(user, "on", ">user-pw", "~*", "+@all");
        }
        EventLog named = new RedisEventLog(RedisEndpoint.parse("redis://" + user + ":user-pw@" + base, Duration.ofSeconds(2)),
                key, new EventLog.Retention(10, null));
        try {
            assertThat(named.health().up()).isTrue();
        } finally {
            named.close();
        }
    }

    // A Redis user without the rights Herald needs was reported as "not reachable at start ... keeps trying",
    // and the node stayed DOWN for ever: like a wrong password, the start now stops saying what Redis refused.
    @Test
    void aUserRedisDoesNotLetRunHeraldsCommandsStopsTheStart() {
        String user = "reader-" + UUID.randomUUID();
        try (Jedis j = endpoint().dedicated(0)) {
            j.aclSetUser(user, "on", ">reader-pw", "~*", "+@read", "+ping", "+hello", "+client");
        }
        assertThatThrownBy(() -> new RedisEventLog(RedisEndpoint.parse("redis://" + user + ":reader-pw@127.0.0.1:"
                + redis.process().port(), Duration.ofSeconds(2)), key, new EventLog.Retention(10, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOPERM").hasMessageContaining("herald.redis.url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("reader-pw"));
    }

    // herald.redis.stream naming another application's key (a string here) was reported as "not reachable at
    // start ... keeps trying": DOWN for good, for a reason no retry fixes. The start stops naming the key.
    @Test
    void aStreamKeyHoldingSomethingElseStopsTheStartNamingTheSetting() {
        try (Jedis j = endpoint().dedicated(0)) {
            j.set(key, "another application's value");
        }
        assertThatThrownBy(() -> new RedisEventLog(endpoint(), key, new EventLog.Retention(10, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("herald.redis.stream").hasMessageContaining(key).hasMessageContaining("WRONGTYPE");
        try (Jedis j = endpoint().dedicated(0)) {
            assertThat(j.get(key)).as("left as it was").isEqualTo("another application's value");
        }
    }

    // Unreachable at start the check cannot run then: it runs when Redis first answers, and says so loudly.
    @Test
    void aPasswordRedisDoesNotAskForIsLoggedWhenRedisAnswersAfterTheStart() throws Exception {
        try (RedisServerProcess late = RedisServerProcess.start();
             dev.herald.support.LogCapture logs = dev.herald.support.LogCapture.on(
                     java.util.logging.Logger.getLogger(RedisEventLog.class.getName()), java.util.logging.Level.SEVERE)) {
            late.kill();
            EventLog log = new RedisEventLog(RedisEndpoint.parse("redis://:unneeded-pw@127.0.0.1:" + late.port(),
                    Duration.ofSeconds(1)), key, new EventLog.Retention(10, null));
            try {
                assertThat(log.health().up()).isFalse();
                late.restart();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(logs.records())
                        .singleElement().satisfies(r -> assertThat(r.getMessage())
                                .contains("herald.redis.url", "asks for no password", "127.0.0.1:" + late.port())
                                .doesNotContain("unneeded-pw")));
            } finally {
                log.close();
            }
        }
    }

    // At start nothing has been read yet: the warning said "resuming after id -1".
    @Test
    void anUnreachableRedisAtStartIsWarnedAboutWithoutAnIdNoneHasRead() throws Exception {
        try (dev.herald.support.LogCapture logs = dev.herald.support.LogCapture.on(
                java.util.logging.Logger.getLogger(RedisFanOut.class.getName()), java.util.logging.Level.WARNING)) {
            EventLog log = new RedisEventLog(RedisEndpoint.parse("redis://127.0.0.1:1", Duration.ofSeconds(1)), key,
                    new EventLog.Retention(10, null));
            try {
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (logs.records().isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(logs.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                        .contains("redis://127.0.0.1:1 unavailable").doesNotContain("-1")
                        .endsWith("open streams stay open; retrying, then reading from the newest id"));
            } finally {
                log.close();
            }
        }
    }

    @Test
    void unreachableRedisIsDownAndAppendFailsInsteadOfPretending() {
        EventLog log = new RedisEventLog(RedisEndpoint.parse("redis://127.0.0.1:1", Duration.ofSeconds(1)), key,
                new EventLog.Retention(10, null));
        try {
            assertThat(log.health().up()).isFalse();
            assertThat(log.health().detail()).contains("redis://127.0.0.1:1");
            assertThatThrownBy(() -> log.append(draft("lost"))).isInstanceOf(EventLogException.class)
                    .hasMessageContaining("redis unavailable");
        } finally {
            log.close();
        }
    }
}
