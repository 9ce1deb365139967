package dev.herald.lifecycle;

import dev.herald.lifecycle.ScheduledNotification.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every scheduled store does; run against memory, SQLite and Redis. */
abstract class ScheduledStoreContract {
    protected static final Instant T0 = Instant.parse("2026-11-26T09:00:00.123Z");
    private final List<ScheduledStore> opened = new ArrayList<>();

    /** A new, empty store (each call in one test may share data, as nodes of one cluster do). */
    protected abstract ScheduledStore create();

    protected ScheduledStore open() {
        ScheduledStore s = create();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(ScheduledStore::close);
    }

    @Test
    void pendingOnesAreListedSoonestFirstAndAllOfThemNewestFirst() {
        ScheduledStore store = open();
        ScheduledNotification late = store.add("{\"message\":\"late\"}", T0.plusSeconds(60), T0);
        ScheduledNotification soon = store.add("{\"message\":\"soon\"}", T0.plusSeconds(10), T0.plusMillis(1));
        ScheduledNotification sent = store.add("{\"message\":\"sent\"}", T0.plusSeconds(5), T0.plusMillis(2));
        assertThat(store.claim(sent, Duration.ofMinutes(1))).isTrue(); // a send: claimed, then finished
        store.finish(sent, Status.SENT, 42L);

        assertThat(store.pending()).extracting(ScheduledNotification::id).containsExactly(soon.id(), late.id());
        assertThat(store.next().id()).isEqualTo(soon.id());
        assertThat(store.recent(10)).extracting(ScheduledNotification::id).containsExactly(sent.id(), soon.id(), late.id());
        assertThat(store.recent(1)).hasSize(1);
        ScheduledNotification read = store.get(ScheduledNotification.parseId(sent.id()));
        assertThat(read.status()).isEqualTo(Status.SENT);
        assertThat(read.eventId()).isEqualTo(42L);
        assertThat(read.body()).isEqualTo("{\"message\":\"sent\"}");
        assertThat(read.due()).isEqualTo(T0.plusSeconds(5));
        assertThat(read.created()).isEqualTo(T0.plusMillis(2));
        assertThat(store.owns(ScheduledNotification.parseId(sent.id()))).isTrue();
    }

    @Test
    void finishedOnesAreKeptForAWhileAndPendingOnesUntilSent() {
        ScheduledStore store = open();
        Instant longAgo = T0.minus(ScheduledStore.KEEP_FINISHED).minus(Duration.ofDays(10));
        ScheduledNotification oldPending = store.add("{\"message\":\"waiting\"}", longAgo, longAgo);
        ScheduledNotification recentCancel = store.add("{\"message\":\"cancelled\"}", T0.minus(Duration.ofDays(1)), longAgo);
        ScheduledNotification oldSent = store.add("{\"message\":\"old\"}", longAgo, longAgo); // the newest id
        assertThat(store.claim(oldSent, Duration.ofMinutes(1))).isTrue();
        store.finish(oldSent, Status.SENT, 7L);
        store.cancel(ScheduledNotification.parseId(recentCancel.id()));

        store.forgetFinished(T0.minus(ScheduledStore.KEEP_FINISHED));

        assertForgotten(store, oldSent);
        assertThat(store.pending()).extracting(ScheduledNotification::id).containsExactly(oldPending.id());
        assertThat(store.get(ScheduledNotification.parseId(recentCancel.id())).status()).isEqualTo(Status.CANCELLED);
        ScheduledNotification next = store.add("{\"message\":\"new\"}", T0, T0);
        assertThat(next.id()).as("a forgotten one's id is not given out again").isNotIn(oldSent.id(), oldPending.id(), recentCancel.id());
    }

    // The admin feed compares this mark each second instead of reading every pending one: it must move with every
    // change of the pending ones (also two that cancel out within a second) and count them as pending() does.
    @Test
    void thePendingMarkMovesWithEveryChangeOfThePendingOnes() {
        ScheduledStore store = open();
        ScheduledStore.PendingMark empty = store.pendingMark();
        assertThat(empty.count()).isZero();
        ScheduledNotification a = store.add("{\"message\":\"a\"}", T0, T0);
        ScheduledStore.PendingMark one = store.pendingMark();
        assertThat(one.count()).isEqualTo(1);
        ScheduledNotification b = store.add("{\"message\":\"b\"}", T0.plusSeconds(1), T0);
        store.cancel(ScheduledNotification.parseId(b.id()));
        ScheduledStore.PendingMark addedAndCancelled = store.pendingMark();
        assertThat(addedAndCancelled.count()).isEqualTo(1);
        assertThat(addedAndCancelled).as("one added and one cancelled: same count, still a change").isNotEqualTo(one);

        assertThat(store.claim(a, Duration.ofMinutes(1))).isTrue();
        assertThat(store.pendingMark()).as("being sent is still pending").isEqualTo(addedAndCancelled);
        store.finish(a, Status.SENT, 5L);
        ScheduledStore.PendingMark sent = store.pendingMark();
        assertThat(sent.count()).isZero().isEqualTo(store.pending().size());
        assertThat(sent).isNotEqualTo(addedAndCancelled).isNotEqualTo(empty);
        store.recent(10);
        assertThat(store.pendingMark()).as("reads change nothing").isEqualTo(sent);
    }

    /** A store that drops old finished ones when asked: gone from get and recent. */
    protected void assertForgotten(ScheduledStore store, ScheduledNotification n) {
        assertThat(store.get(ScheduledNotification.parseId(n.id()))).isNull();
        assertThat(store.recent(100)).extracting(ScheduledNotification::id).doesNotContain(n.id());
    }

    @Test
    void aCancelWinsOnlyWhileItIsPending() {
        ScheduledStore store = open();
        ScheduledNotification a = store.add("{\"message\":\"a\"}", T0.plusSeconds(10), T0);
        ScheduledNotification b = store.add("{\"message\":\"b\"}", T0.plusSeconds(20), T0);
        assertThat(store.claim(b, Duration.ofMinutes(1))).isTrue();
        store.finish(b, Status.SENT, 7L);

        assertThat(store.cancel(ScheduledNotification.parseId(a.id())).status()).isEqualTo(Status.CANCELLED);
        assertThat(store.cancel(ScheduledNotification.parseId(b.id())).status()).as("sent stays sent").isEqualTo(Status.SENT);
        assertThat(store.pending()).isEmpty();
        assertThat(store.next()).isNull();
        String unknown = a.node().isEmpty() ? "s-999" : "s-" + a.node() + ".999";
        assertThat(store.cancel(ScheduledNotification.parseId(unknown))).isNull();
        assertThat(store.get(ScheduledNotification.parseId(unknown))).isNull();
    }

    @Test
    void aClaimedOneIsSentOnceAndOneGivenBackIsDueAgain() {
        ScheduledStore store = open();
        ScheduledNotification n = store.add("{\"message\":\"x\"}", T0, T0);
        assertThat(store.claim(n, Duration.ofMinutes(1))).isTrue();
        store.release(n);
        ScheduledNotification again = store.next();
        assertThat(again.id()).as("given back: the next attempt takes it").isEqualTo(n.id());
        assertThat(store.claim(again, Duration.ofMinutes(1))).isTrue();
        store.finish(again, Status.SENT, 1L);
        assertThat(store.next()).isNull();
        assertThat(store.get(ScheduledNotification.parseId(n.id())).status()).isEqualTo(Status.SENT);
    }

    @Test
    void idsAreDistinctAndNameTheStore() {
        ScheduledStore store = open();
        ScheduledNotification a = store.add("{}", T0, T0);
        ScheduledNotification b = store.add("{}", T0, T0);
        assertThat(a.id()).isNotEqualTo(b.id()).startsWith("s-");
        assertThat(ScheduledNotification.parseId(a.id())).isEqualTo(new ScheduledNotification.Id(store.node(), a.seq()));
    }
}
