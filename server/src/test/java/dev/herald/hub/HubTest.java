package dev.herald.hub;

import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import dev.herald.store.StoredEvent;
import dev.herald.support.ReadCountingLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub core on its own, with the in-memory log: no HTTP. */
class HubTest {
    private final Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(1000, null)), 4, Clock.systemUTC());

    private static ConnectionInfo info(String... topics) {
        Set<String> t = new HashSet<>(List.of(topics));
        t.add("all");
        return new ConnectionInfo(t, null, "127.0.0.1", "test", Instant.now());
    }

    private Hub.Published publish(String message, String... topics) {
        return hub.publish(new EventDraft(Instant.now(), topics.length == 0 ? List.of("all") : List.of(topics),
                List.of(), null, "{\"message\":\"" + message + "\"}"));
    }

    @Test
    void connectionIdsAreUniqueAndCountsExact() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(hub.subscribe(info()).id());
        }
        assertThat(ids).hasSize(1000);
        assertThat(hub.stats().connected()).isEqualTo(1000);
        hub.subscribers().stream().toList().forEach(s -> hub.unsubscribe(s, Subscriber.CloseReason.CLIENT_GONE));
        assertThat(hub.stats().connected()).isZero();
    }

    @Test
    void audienceCountsStreamsPerTopicAndUserAndForgetsThoseThatLeft() {
        hub.subscribe(info("ops", "dev"));
        Subscriber dev = hub.subscribe(info("dev"));
        hub.subscribe(info());
        Subscriber ann = hub.subscribe(new ConnectionInfo(Set.of("ops"), "ann", "127.0.0.1", "test", Instant.now()));
        hub.subscribe(new ConnectionInfo(Set.of("ops"), "ann", "127.0.0.1", "test", Instant.now()));
        hub.subscribe(new ConnectionInfo(Set.of("all"), "bob", "127.0.0.1", "test", Instant.now()));

        Audience a = hub.audience();
        assertThat(a.connections()).isEqualTo(6);
        // Every stream hears the broadcast topic, also the three that did not name it.
        assertThat(a.topics()).containsExactly(Map.entry("all", 6), Map.entry("dev", 2), Map.entry("ops", 3));
        assertThat(a.users()).containsExactly(Map.entry("ann", 2), Map.entry("bob", 1));

        hub.unsubscribe(dev, Subscriber.CloseReason.CLIENT_GONE);
        hub.unsubscribe(ann, Subscriber.CloseReason.CLIENT_GONE);
        a = hub.audience();
        assertThat(a.connections()).isEqualTo(4);
        assertThat(a.topics()).containsExactly(Map.entry("all", 4), Map.entry("dev", 1), Map.entry("ops", 2));
        assertThat(a.users()).containsExactly(Map.entry("ann", 1), Map.entry("bob", 1));
    }

    @Test
    void aResetForAnIdFromTheFutureSkipsNoLiveEventThatMemoryHasNotGotYet() throws Exception {
        Hub h = new Hub(new MemoryEventLog(new EventLog.Retention(1000, null)), 16, Clock.systemUTC(), 100);
        for (int i = 1; i <= 3; i++) {
            h.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"m" + i + "\"}"));
        }
        Subscriber s = h.subscribe(info());
        // The log says 5 (a cluster: two more stored by another node, still on their way to this one).
        EventLog.Position at = new EventLog.Position(5, 0);
        long upTo = Replay.into(h, s, 99, at, new ByteArrayOutputStream(), () -> { });
        assertThat(upTo).as("events 4 and 5 must still come live").isEqualTo(3);
        h.close();
    }

    @Test
    void whenTheLogStartsOverUnderTheHubItsOpenStreamsAreClosedSoTheirClientsLearnIt() {
        MemoryEventLog memory = new MemoryEventLog(new EventLog.Retention(1000, null));
        String[] instance = {"first"};
        EventLog log = (EventLog) java.lang.reflect.Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                new Class<?>[] {EventLog.class}, (proxy, method, args) -> {
                    if (method.getName().equals("instanceId")) {
                        return instance[0];
                    }
                    if (method.getName().equals("instanceCanChange")) {
                        return true; // as Redis's can
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Hub h = new Hub(log, 4, Clock.systemUTC(), 100);
        Subscriber a = h.subscribe(info());
        h.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"same log\"}"));
        assertThat(a.closeReason()).isNull();
        assertThat(((dev.herald.store.RecentEvents) h.replays()).newestId()).as("kept for replays").isPositive();

        instance[0] = "second"; // a flushed Redis, say: ids go on, the events are another log's
        Subscriber b = h.subscribe(info());
        h.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"new log\"}"));
        assertThat(a.closeReason()).isEqualTo(Subscriber.CloseReason.LOG_CHANGED);
        assertThat(b.closeReason()).isEqualTo(Subscriber.CloseReason.LOG_CHANGED);
        assertThat(h.stats().connected()).isZero();
        assertThat(((dev.herald.store.RecentEvents) h.replays()).newestId())
                .as("the old log's events are no longer replayed").isZero();

        Subscriber c = h.subscribe(info()); // connected again: told the new log in its hello
        h.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"next\"}"));
        assertThat(c.closeReason()).isNull();
        assertThat(c.queue().size()).isEqualTo(1);

        // Also when nothing is published: the hub asks the log every couple of seconds.
        instance[0] = "third";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> c.closeReason() == Subscriber.CloseReason.LOG_CHANGED);
        h.close();
    }

    @Test
    void recipientsCountMatchingConnectionsOnly() {
        hub.subscribe(info("ops"));
        hub.subscribe(info("dev"));
        hub.subscribe(info());
        assertThat(publish("x", "ops").recipients()).isEqualTo(1);
        assertThat(publish("y").recipients()).isEqualTo(3);
        assertThat(publish("z", "ops", "dev").recipients()).isEqualTo(2);
    }

    @Test
    void recipientsCountEachConnectionOnceAndOnlyThoseItIsFor() {
        hub.subscribe(info("ops", "dev"));
        hub.subscribe(info("dev"));
        hub.subscribe(info());
        hub.subscribe(new ConnectionInfo(Set.of("ops"), "ann", "127.0.0.1", "test", Instant.now()));
        hub.subscribe(new ConnectionInfo(Set.of("ops"), "bob", "127.0.0.1", "test", Instant.now()));
        assertThat(publish("z", "ops", "dev").recipients()).as("both topics held: once").isEqualTo(4);
        assertThat(publish("z", "dev", "ops", "dev").recipients()).as("a topic named twice").isEqualTo(4);
        assertThat(hub.publish(new EventDraft(Instant.now(), List.of("ops"), List.of("ann"), null,
                "{\"message\":\"for ann\"}")).recipients()).as("addressed to a user").isEqualTo(1);
        assertThat(hub.publish(new EventDraft(Instant.now(), List.of("all", "ops"), List.of(), null,
                "{\"message\":\"everyone\"}")).recipients()).as("a broadcast with a topic").isEqualTo(5);
        assertThat(hub.publish(new EventDraft(Instant.now(), List.of("ops"), List.of(), Instant.now().minusSeconds(1),
                "{\"message\":\"late\"}")).recipients()).as("expired").isZero();
        assertThat(publish("nobody", "qa").recipients()).isZero();
    }

    @Test
    void eventsForUsersReachOnlyTheirStreamsOnTheEventsTopics() {
        Subscriber annOps = hub.subscribe(new ConnectionInfo(Set.of("ops"), "ann", "127.0.0.1", "test", Instant.now()));
        Subscriber annDev = hub.subscribe(new ConnectionInfo(Set.of("dev"), "ann", "127.0.0.1", "test", Instant.now()));
        Subscriber bob = hub.subscribe(new ConnectionInfo(Set.of("all"), "bob", "127.0.0.1", "test", Instant.now()));
        Subscriber anonymous = hub.subscribe(info("ops", "dev"));
        assertThat(hub.publish(draft(List.of("ops"), List.of("ann", "ann"))).recipients()).isEqualTo(1);
        assertThat(hub.publish(draft(List.of("all"), List.of("ann", "bob"))).recipients()).isEqualTo(3);
        assertThat(hub.publish(draft(List.of("ops", "dev"), List.of("ann"))).recipients()).isEqualTo(2);
        assertThat(hub.publish(draft(List.of("ops", "dev"), List.of())).recipients()).isEqualTo(3);
        assertThat(ids(annOps)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ids(annDev)).containsExactly(2L, 3L, 4L);
        assertThat(ids(bob)).containsExactly(2L);
        assertThat(ids(anonymous)).containsExactly(4L);
        hub.unsubscribe(annOps, Subscriber.CloseReason.CLIENT_GONE);
        assertThat(hub.publish(draft(List.of("all"), List.of("ann"))).recipients()).isEqualTo(1);
        assertThat(ids(annDev)).containsExactly(5L);
    }

    private static EventDraft draft(List<String> topics, List<String> users) {
        return new EventDraft(Instant.now(), topics, users, null, "{\"message\":\"m\"}");
    }

    private static List<Long> ids(Subscriber s) {
        List<StoredEvent> got = new ArrayList<>();
        s.queue().poll(got);
        return got.stream().map(StoredEvent::id).toList();
    }

    @Test
    void fullQueueDropsOnlyThatSubscriber() throws Exception {
        Subscriber slow = hub.subscribe(info());
        Subscriber fast = hub.subscribe(info());
        for (int i = 0; i < 5; i++) {
            publish("m" + i);
            fast.queue().poll(new ArrayList<>());
        }
        assertThat(slow.closeReason()).isEqualTo(Subscriber.CloseReason.SLOW_CLIENT);
        assertThat(fast.closeReason()).isNull();
        assertThat(hub.stats().dropped()).isEqualTo(1);
        assertThat(hub.stats().connected()).isEqualTo(1);
        assertThat(slow.queue().poll(new ArrayList<>())).as("closed").isFalse();
    }

    @Test
    void kickEndsTheSessionAndShutdownEndsAll() throws Exception {
        Subscriber s = hub.subscribe(info());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                new StreamSession(hub, s, null, new StreamSession.Settings(Duration.ofSeconds(30), Duration.ofSeconds(3)))
                        .run(out, null);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        StoredEvent e = publish("hello").event();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> out.toString(StandardCharsets.UTF_8).contains("id: " + e.id() + "\n"));
        assertThat(hub.kick(s.id())).isTrue();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("retry: 3000\n\nevent: hello\n").contains("id: " + e.id() + "\ndata: ");
        assertThat(s.closeReason()).isEqualTo(Subscriber.CloseReason.KICKED);
        assertThat(hub.kick(s.id())).isFalse();

        hub.subscribe(info());
        hub.close();
        assertThat(hub.stats().connected()).isZero();
    }

    @Test
    void storedEntriesComeFromMemoryWhileItHoldsThemAndRetentionsCutStillHolds() {
        MemoryEventLog real = new MemoryEventLog(new EventLog.Retention(3, null));
        AtomicInteger reads = new AtomicInteger();
        EventLog counted = ReadCountingLog.of(real, reads);
        Hub withMemory = new Hub(counted, 4, Clock.systemUTC(), 10);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(withMemory.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null,
                    "{\"message\":\"n" + i + "\"}")).event().id());
        }
        reads.set(0);
        assertThat(withMemory.stored(ids.get(4)).id()).isEqualTo(ids.get(4));
        assertThat(withMemory.stored(ids.get(2)).id()).isEqualTo(ids.get(2));
        assertThat(reads.get()).as("answered from memory, not the log").isZero();
        // The log keeps the newest 3 (retention on append); memory still holds all 5.
        assertThat(real.prunedThrough()).isEqualTo(ids.get(1));
        assertThat(withMemory.stored(ids.get(1))).as("gone from the log, so gone here").isNull();
        assertThat(withMemory.stored(ids.get(0))).isNull();
        withMemory.retract(ids.get(4));
        assertThat(withMemory.stored(ids.get(4))).as("retracted").isNull();
        assertThat(withMemory.stored(999)).isNull();
        assertThat(withMemory.stored(0)).isNull();
        withMemory.close();
    }
}
