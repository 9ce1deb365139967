package dev.herald.store;

import dev.herald.support.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each node indexes the shared stream's audiences for itself: built from the stream after open, fed by
 * its reader (whichever node appended), never ahead of it. Every read is checked against a scan of the
 * same stream (a {@link RedisReads} whose index is never ready).
 */
class RedisAudienceIndexTest {
    private static final Instant T0 = EventLogContract.T0;
    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServerProcess redis;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedisEndpoint endpoint() {
        return RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2));
    }

    private RedisEventLog node() {
        RedisEventLog log = new RedisEventLog(endpoint(), "herald:idx", new EventLog.Retention(100_000, null));
        open.add(log);
        return log;
    }

    private RedisReads scanning() {
        RedisClient client = endpoint().pooled(2);
        open.add(client);
        AudienceIndex never = new AudienceIndex(); // never built: reads scan
        return new RedisReads(client, "herald:idx", () -> never);
    }

    @Test
    void aNodeOpenedWhileAnotherWritesReadsWhatAScanReads() throws Exception {
        redis = RedisServerProcess.start();
        RedisEventLog a = node();
        a.appendAll(RandomAudiences.drafts(1600));
        for (int i = 0; i < 40; i++) { // enough that b's build takes a while, its reader running ahead meanwhile
            a.appendAll(RandomAudiences.drafts(500).stream()
                    .map(d -> new EventDraft(T0, d.topics(), List.of("w"), null, d.payload())).toList());
        }
        Thread writer = Thread.ofPlatform().start(() -> {
            for (EventDraft d : RandomAudiences.drafts(800)) {
                a.append(d); // one at a time: b opens and builds while these arrive
            }
        });
        RedisEventLog b = node();
        writer.join();
        assertThat(a.retract(700)).isNotNull();   // b's index keeps 700: it must read as gone
        assertThat(b.retract(1500)).isNotNull();
        assertThat(b.awaitAudienceIndex(Duration.ofSeconds(20))).isTrue();
        assertReadsMatchAScan(b, scanning(), new long[]{0, 699, 1000, 1601, 21_601, 22_000, 22_400});
    }

    @Test
    void entriesAboveWhatTheIndexHoldsAreReadFromTheStream() throws Exception {
        redis = RedisServerProcess.start();
        RedisEventLog a = node();
        a.appendAll(RandomAudiences.drafts(1200));
        RedisClient client = endpoint().pooled(2);
        open.add(client);
        // An index this node's reader has brought only through 500 (the rest still on its way).
        AudienceIndex behind = new AudienceIndex();
        behind.loadInBackground(new RedisReads(client, "herald:idx", () -> behind).audience(() -> false), () -> 500,
                new ReentrantLock(), () -> 0);
        assertThat(behind.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(behind.indexedThrough()).isEqualTo(500);
        RedisReads reads = new RedisReads(client, "herald:idx", () -> behind);
        RedisReads scan = scanning();
        int seen = 0;
        for (EventFilter f : RandomAudiences.readers()) {
            for (long cursor : new long[]{0, 400, 499, 500, 501, 900, 1201}) {
                List<Long> scanned = ids(scan.after(cursor, f, 900));
                assertThat(ids(reads.after(cursor, f, 900))).as("after %d, %s", cursor, f).isEqualTo(scanned);
                assertThat(ids(reads.before(cursor + 1, f, 600))).as("before %d, %s", cursor + 1, f)
                        .isEqualTo(ids(scan.before(cursor + 1, f, 600)));
                assertThat(ids(reads.after(cursor, f, 7))).as("7 after %d, %s", cursor, f)
                        .isEqualTo(scanned.subList(0, Math.min(7, scanned.size())));
                seen += scanned.size();
            }
        }
        assertThat(seen).isGreaterThan(2000);
    }

    @Test
    void aNodeOpenedWhileRedisIsAwayIndexesOnceItIsBack() throws Exception {
        redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always");
        RedisEventLog a = node();
        a.appendAll(RandomAudiences.drafts(900));
        a.close();
        redis.kill();
        RedisEventLog b = node(); // opens DOWN
        assertThat(b.health().up()).isFalse();
        assertThat(b.awaitAudienceIndex(Duration.ofMillis(500))).isFalse();
        redis.restart();
        assertThat(b.awaitAudienceIndex(Duration.ofSeconds(20))).isTrue();
        b.append(new EventDraft(T0, List.of("a"), List.of(), null, "{\"message\":\"back\"}"));
        assertReadsMatchAScan(b, scanning(), new long[]{0, 450, 899});
    }

    // Review: Redis loses its data (a restart without persistence, FLUSHALL) and a node that opens then
    // (a restart, a scale-up) numbers its entries from 1 again: its floor is its own reader's position, 0.
    // The node that was running has indexed ids 1..300 for the old entries' audiences, its watermark at
    // 300; its reader never brings the new 1..300 (it reads after 300). A scan finds them; its reads must too.
    @Test
    void aNodeRunningWhenRedisLostItsDataReadsWhatAScanReads() throws Exception {
        redis = RedisServerProcess.start();
        RedisEventLog a = node();
        String before = a.instanceId(); // as the hub asks at start
        a.appendAll(RandomAudiences.drafts(300));
        assertThat(a.awaitAudienceIndex(Duration.ofSeconds(20))).isTrue();
        List<Long> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        a.subscribe(e -> heard.add(e.id()));
        try (RedisClient c = endpoint().pooled(1)) {
            c.flushAll();
        }
        RedisEventLog b = node();
        List<StoredEvent> stored = b.appendAll(otherAudiences(200, "new"));
        assertThat(stored.getFirst().id()).isEqualTo(1); // ids start over below a's watermark
        // a notices the new instance within seconds (the hub's LogWatch asks every 2 s and closes its streams)
        await().atMost(Duration.ofSeconds(15)).until(() -> !a.instanceId().equals(before));
        RedisReads scan = scanning();
        for (EventFilter f : RandomAudiences.readers()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(ids(a.readBefore(Long.MAX_VALUE, f, 600))).as("a's history of %s", f)
                        .isEqualTo(ids(scan.before(Long.MAX_VALUE, f, 600)));
                assertThat(ids(a.readAfter(0, f, 600))).as("a's replay of %s", f).isEqualTo(ids(scan.after(0, f, 600)));
            });
        }
        // and its reader hands over what is stored from now on, whatever its id
        List<StoredEvent> later = b.appendAll(otherAudiences(20, "later"));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.containsAll(later.stream().map(StoredEvent::id).toList()));
    }

    // Re-read: the hub closes its streams as soon as instanceId() changes; their clients reconnect and
    // replay at once. The reader starts over only at its next round (XREAD BLOCK up to 1 s), so reads in
    // between go through the old index (the lost stream's ids, its watermark far above the new entries).
    @Test
    void readsRightAfterTheNewInstanceIsNoticedMatchAScan() throws Exception {
        redis = RedisServerProcess.start();
        RedisEventLog a = node();
        String before = a.instanceId();
        a.appendAll(RandomAudiences.drafts(300));
        assertThat(a.awaitAudienceIndex(Duration.ofSeconds(20))).isTrue();
        Thread.sleep(1500); // a's reader blocked in a fresh XREAD
        try (RedisClient c = endpoint().pooled(1)) {
            c.flushAll();
        }
        RedisEventLog b = node();
        b.appendAll(otherAudiences(200, "new"));
        Thread.sleep(5200); // past the instance's recheck interval
        assertThat(a.instanceId()).isNotEqualTo(before); // noticed now: the hub closes its streams
        RedisReads scan = scanning();
        EventFilter f = RandomAudiences.readers().getFirst();
        assertThat(ids(a.readAfter(0, f, 600))).as("a's replay of %s", f).isEqualTo(ids(scan.after(0, f, 600)));
    }

    private static List<EventDraft> otherAudiences(int n, String prefix) {
        List<EventDraft> other = new ArrayList<>();
        java.util.Random random = new java.util.Random(99); // other audiences than the old entries'
        for (int i = 0; i < n; i++) {
            other.add(new EventDraft(T0, List.of(List.of("a", "b", "c", "all").get(random.nextInt(4))),
                    random.nextInt(3) == 0 ? List.of("x") : List.of(), null, "{\"message\":\"" + prefix + i + "\"}"));
        }
        return other;
    }

    // Review: reads while another node appends (the reader feeding the index between a read's
    // watermark and its pages). Every page must be in id order, once each, and hold every entry a
    // later scan finds up to its last id.
    @Test
    void readsWhileAnotherNodeAppendsHaveNoHolesNorRepeats() throws Exception {
        redis = RedisServerProcess.start();
        RedisEventLog a = node();
        a.appendAll(RandomAudiences.drafts(1000));
        RedisEventLog b = node();
        assertThat(b.awaitAudienceIndex(Duration.ofSeconds(20))).isTrue();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                a.appendAll(RandomAudiences.drafts(16));
            }
        });
        RedisReads scan = scanning();
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        int reads = 0;
        try {
            while (System.nanoTime() < until) {
                for (EventFilter f : RandomAudiences.readers()) {
                    long latest = b.latestId();
                    long from = Math.max(0, latest - (reads % 2 == 0 ? 40 : 1500)); // one page of ids, or several
                    List<Long> got = ids(b.readAfter(from, f, 3000));
                    assertThat(got).as("after %d, %s", from, f).doesNotHaveDuplicates().isSorted();
                    if (!got.isEmpty()) {
                        long last = got.getLast();
                        assertThat(got).as("after %d, %s", from, f).isEqualTo(
                                ids(scan.after(from, f, 3000)).stream().filter(id -> id <= last).toList());
                    }
                    List<Long> newest = ids(b.readBefore(Long.MAX_VALUE, f, 30));
                    assertThat(newest).as("newest of %s", f).doesNotHaveDuplicates().isSorted();
                    if (!newest.isEmpty()) {
                        assertThat(newest).as("newest of %s", f)
                                .isEqualTo(ids(scan.before(newest.getLast() + 1, f, newest.size())));
                    }
                    reads++;
                }
            }
        } finally {
            done.set(true);
            writer.join();
        }
        assertThat(reads).isGreaterThan(100);
    }

    @Test
    void aBuildThatMeetsAnOutageGoesOnWhenRedisIsBack() throws Exception {
        redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "everysec");
        RedisEventLog a = node();
        for (int i = 0; i < 80; i++) { // enough that the build is still paging when Redis goes
            a.appendAll(RandomAudiences.drafts(500));
        }
        a.close();
        Thread.sleep(1500); // in the append-only file
        RedisEventLog b = node();
        redis.kill();
        Thread.sleep(500);
        redis.restart();
        assertThat(b.awaitAudienceIndex(Duration.ofSeconds(30))).isTrue();
        assertReadsMatchAScan(b, scanning(), new long[]{0, 20_000, 39_900});
    }

    @Test
    void onlyARefusalThatWaitingCannotMendEndsTheBuild() {
        assertThat(RedisReads.refusedForGood(failure(new JedisDataException("LOADING Redis is loading the dataset in memory"))))
                .as("Redis reading its data back: wait").isFalse();
        assertThat(RedisReads.refusedForGood(failure(new JedisConnectionException("Connection refused")))).isFalse();
        assertThat(RedisReads.refusedForGood(failure(new JedisDataException("NOPERM this user has no permissions")))).isTrue();
        assertThat(RedisReads.refusedForGood(failure(new JedisDataException("WRONGTYPE Operation against a key")))).isTrue();
    }

    private static EventLogException failure(RuntimeException cause) {
        return new EventLogException("redis unavailable: " + cause.getMessage(), cause);
    }

    private static void assertReadsMatchAScan(EventLog log, RedisReads scan, long[] cursors) {
        assertThat(RandomAudiences.assertReadsMatch(log, scan::after, scan::before, cursors, 3000)).isGreaterThan(1000);
    }

    private static List<Long> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }
}
