package dev.herald.lifecycle;

import dev.herald.lifecycle.ScheduledNotification.Status;
import dev.herald.store.RedisEndpoint;
import dev.herald.support.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster's shared store on a real redis-server: the contract, and what two nodes do to one store. */
class RedisScheduledStoreTest extends ScheduledStoreContract {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @TempDir
    Path dir;
    private RedisClient client;
    private String stream;

    @BeforeEach
    void connect() {
        client = RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2)).pooled(8);
        stream = "herald:test:" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Override
    protected ScheduledStore create() {
        return node("node-" + UUID.randomUUID().toString().substring(0, 4), null);
    }

    private RedisScheduledStore node(String name, Path movedFrom) {
        return new RedisScheduledStore(client, stream, name, movedFrom, e -> { });
    }

    /** Redis drops them itself: a finished one's hash expires within the keep time. */
    @Override
    protected void assertForgotten(ScheduledStore store, ScheduledNotification n) {
        long ttl = client.ttl(stream + ":scheduled:n:" + n.id());
        assertThat(ttl).isPositive().isLessThanOrEqualTo(ScheduledStore.KEEP_FINISHED.toSeconds());
    }

    @Test
    void nodesShareOneTagAndOneNumberSpace() {
        ScheduledStore a = open();
        ScheduledStore b = open();
        assertThat(a.node()).matches("[a-z0-9]{6}").isEqualTo(b.node());
        ScheduledNotification onA = a.add("{}", T0, T0);
        ScheduledNotification onB = b.add("{}", T0, T0);
        assertThat(onA.id()).isEqualTo("s-" + a.node() + ".1");
        assertThat(onB.id()).isEqualTo("s-" + a.node() + ".2");
        assertThat(b.pending()).extracting(ScheduledNotification::id).containsExactly(onA.id(), onB.id());
        assertThat(a.cancel(ScheduledNotification.parseId(onB.id())).status()).as("any node cancels").isEqualTo(Status.CANCELLED);
    }

    // Redis lost its data (FLUSHALL, a restart without persistence) under running nodes: they kept their tag
    // and the counter started over, so s-<tag>.1 was handed out again, an id operators and pages still held
    // for the lost one (a cancel meant for it would cancel the new one).
    @Test
    void idsFromBeforeRedisLostItsDataAreNeverHandedOutAgain() {
        ScheduledStore a = open();
        ScheduledStore b = open();
        ScheduledNotification lost = a.add("{}", T0, T0);
        client.del(client.keys(stream + "*").toArray(String[]::new)); // what a FLUSHALL does to this cluster
        ScheduledNotification onA = a.add("{}", T0, T0);
        ScheduledNotification onB = b.add("{}", T0, T0);
        assertThat(Set.of(onA.id(), onB.id())).doesNotContain(lost.id()).hasSize(2);
        assertThat(a.node()).as("the nodes agree on the new tag").isEqualTo(b.node()).isEqualTo(open().node())
                .isNotEqualTo(lost.node());
    }

    @Test
    void twoNodesNeverBothTakeOne() throws Exception {
        ScheduledStore a = open();
        ScheduledStore b = open();
        for (int i = 0; i < 100; i++) {
            a.add("{\"message\":\"" + i + "\"}", T0, T0);
        }
        Set<String> taken = ConcurrentHashMap.newKeySet();
        List<String> twice = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = List.of(a, b).stream().map(store -> Thread.ofPlatform().start(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            for (ScheduledNotification n; (n = store.next()) != null; ) {
                if (store.claim(n, Duration.ofMinutes(1))) {
                    if (!taken.add(n.id())) {
                        twice.add(n.id());
                    }
                    store.finish(n, Status.SENT, n.seq());
                }
            }
        })).toList();
        start.countDown();
        for (Thread t : senders) {
            t.join(20_000);
        }
        assertThat(twice).isEmpty();
        assertThat(taken).hasSize(100);
        assertThat(a.pending()).isEmpty();
    }

    @Test
    void oneBeingSentIsNotCancelledAndIsTakenAgainWhenItsNodeStopped() throws Exception {
        ScheduledStore gone = open();
        ScheduledStore other = open();
        ScheduledNotification n = gone.add("{}", T0, T0);
        assertThat(gone.claim(n, Duration.ofMillis(300))).isTrue();
        assertThat(other.next()).as("not offered while a node sends it").isNull();
        assertThat(other.pending()).as("still listed as pending").extracting(ScheduledNotification::id).containsExactly(n.id());
        assertThat(other.claim(n, Duration.ofMinutes(1))).isFalse();
        assertThat(other.cancel(ScheduledNotification.parseId(n.id())).status()).as("being sent: not cancelled")
                .isEqualTo(Status.PENDING);

        Thread.sleep(400); // the node that claimed it never finished: its lease runs out
        ScheduledNotification again = other.next();
        assertThat(again.id()).isEqualTo(n.id());
        assertThat(other.claim(again, Duration.ofMinutes(1))).isTrue();
        other.finish(again, Status.SENT, 9L);
        assertThat(gone.get(ScheduledNotification.parseId(n.id())).eventId()).isEqualTo(9L);
    }

    @Test
    void aLateNodeNeitherTakesAFreshClaimNorUndoesWhatHappenedAfterItsOwnRanOut() throws Exception {
        ScheduledStore slow = open();
        ScheduledStore b = open();
        ScheduledStore c = open();
        ScheduledNotification sent = slow.add("{\"message\":\"sent\"}", T0, T0);
        ScheduledNotification cancelled = slow.add("{\"message\":\"cancelled\"}", T0.plusSeconds(1), T0);
        assertThat(slow.claim(sent, Duration.ofMillis(200))).isTrue();
        assertThat(slow.claim(cancelled, Duration.ofMillis(200))).isTrue();
        Thread.sleep(300); // the slow node's leases run out while it is still "sending"

        ScheduledNotification again = b.next();
        assertThat(again.id()).isEqualTo(sent.id());
        assertThat(b.claim(again, Duration.ofMinutes(1))).isTrue();
        assertThat(b.cancel(ScheduledNotification.parseId(cancelled.id())).status()).isEqualTo(Status.CANCELLED);
        assertThat(c.next()).as("a fresh claim is not taken back").isNull();

        slow.finish(sent, Status.SENT, 1L);       // too late: B holds it now
        slow.finish(cancelled, Status.SENT, 2L);  // too late: it was cancelled
        assertThat(c.get(ScheduledNotification.parseId(cancelled.id())).status()).isEqualTo(Status.CANCELLED);
        assertThat(c.get(ScheduledNotification.parseId(sent.id())).status()).isEqualTo(Status.PENDING);
        b.finish(again, Status.SENT, 3L);
        assertThat(c.get(ScheduledNotification.parseId(sent.id())).eventId()).as("B's send counts").isEqualTo(3L);
    }

    @Test
    void aClaimWhoseReleaseWasLostIsGivenBackBeforeTheNextSend() {
        ScheduledStore a = open();
        ScheduledNotification n = a.add("{}", T0, T0);
        assertThat(a.claim(n, Duration.ofMinutes(1))).isTrue();
        // The send failed and the release never reached Redis: next() gives the claim back first.
        assertThat(a.next().id()).isEqualTo(n.id());
        assertThat(a.claim(n, Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void oneWhoseDataRedisLostDoesNotHoldUpTheOthers() {
        ScheduledStore store = open();
        ScheduledNotification lost = store.add("{}", T0, T0);
        ScheduledNotification next = store.add("{}", T0.plusSeconds(1), T0);
        client.del(stream + ":scheduled:n:" + lost.id()); // as a maxmemory eviction would
        assertThat(store.next().id()).isEqualTo(next.id());
        assertThat(store.pending()).extracting(ScheduledNotification::id).containsExactly(next.id());
    }

    // Redis expires a finished one's hash, not its entry in :all: the scheduler drops those (RedisScheduledTrim).
    @Test
    void idsWhoseRecordExpiredLeaveTheIndexOfAll() {
        ScheduledStore store = open();
        ScheduledNotification sent = store.add("{}", T0, T0);
        ScheduledNotification waiting = store.add("{}", T0.plusSeconds(60), T0);
        assertThat(store.claim(sent, Duration.ofMinutes(1))).isTrue();
        store.finish(sent, Status.SENT, 1L);
        client.del(stream + ":scheduled:n:" + sent.id()); // as its expiry after 30 days would
        store.next(); // the first look trims; then once a minute
        assertThat(client.zrange(stream + ":scheduled:all", 0, -1)).containsExactly(waiting.id());
    }

    @Test
    void aNodesOwnPendingOnesMoveInWithTheirIdsOnce() throws Exception {
        ScheduledIdsTest.oldClusterFile(dir.resolve("a"), "k3f9x2", 1); // s-1 untagged, then s-k3f9x2.2, sent s-k3f9x2.3
        RedisScheduledStore a = node("a", dir.resolve("a"));
        assertThat(a.next()).isNotNull();
        assertThat(a.pending()).extracting(ScheduledNotification::id).containsExactly("s-1", "s-k3f9x2.2");
        try (SqliteScheduledStore file = new SqliteScheduledStore(dir.resolve("a"))) {
            assertThat(file.pending()).as("moved, not kept twice").isEmpty();
            assertThat(file.recent(10)).as("the sent one stays in the file's history").hasSize(1);
        }
        assertThat(a.cancel(ScheduledNotification.parseId("s-k3f9x2.2")).status()).isEqualTo(Status.CANCELLED);
        RedisScheduledStore again = node("a", dir.resolve("a"));
        again.next();
        assertThat(again.pending()).extracting(ScheduledNotification::id).containsExactly("s-1");

        // Another former single node with its own s-1: it gets a new id instead of replacing this one.
        ScheduledIdsTest.oldClusterFile(dir.resolve("b"), "zz0000", 1);
        RedisScheduledStore b = node("b", dir.resolve("b"));
        b.next();
        List<ScheduledNotification> pending = b.pending();
        assertThat(pending).extracting(ScheduledNotification::id).contains("s-1", "s-zz0000.2").hasSize(3);
        assertThat(pending.stream().filter(p -> p.id().equals("s-1")).toList()).hasSize(1);
    }

    @Test
    void aFileThatCannotBeChangedDoesNotStopTheSends() throws Exception {
        ScheduledIdsTest.oldClusterFile(dir.resolve("a"), "k3f9x2", 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a").resolve("scheduled.db"));
             Statement st = c.createStatement()) { // read fine, refuses every delete: the move cannot finish
            st.execute("CREATE TRIGGER keep BEFORE DELETE ON scheduled BEGIN SELECT RAISE(ABORT, 'refused'); END");
        }
        RedisScheduledStore a = node("a", dir.resolve("a"));
        assertThat(a.next()).as("the shared store's due ones still go out").isNotNull();
        assertThat(a.next()).isNotNull(); // and the move is not tried before every send
        assertThat(a.pending()).extracting(ScheduledNotification::id).containsExactly("s-1", "s-k3f9x2.2");
        try (SqliteScheduledStore file = new SqliteScheduledStore(dir.resolve("a"))) {
            assertThat(file.pending()).as("left in the file, tried again at the next start").hasSize(2);
        }
        RedisScheduledStore again = node("a", dir.resolve("a"));
        assertThat(again.next()).isNotNull();
        assertThat(again.pending()).as("not moved twice").hasSize(2);
    }
}
