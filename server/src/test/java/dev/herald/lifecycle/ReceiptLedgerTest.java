package dev.herald.lifecycle;

import dev.herald.hub.Reported;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The receipts ledger on its own: counts per notification, each page once, names up to a cap. */
class ReceiptLedgerTest {
    private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

    @Test
    void eachConnectionCountsOnceAndSeenImpliesDelivered() {
        ReceiptLedger ledger = new ReceiptLedger(10);
        Reported a = new Reported();
        Reported b = new Reported();
        assertThat(ledger.delivered(7, a, null, NOW)).isTrue();
        assertThat(ledger.delivered(7, a, null, NOW)).isFalse();
        assertThat(ledger.seen(7, b, null, NOW)).as("seen, and delivered with it").isTrue();
        assertThat(ledger.seen(7, b, null, NOW)).isFalse();
        assertThat(ledger.delivered(7, b, null, NOW)).as("already counted by its seen").isFalse();
        assertThat(ledger.sizes(7)).containsExactly(2, 1);
        assertThat(ledger.drainChanged()).containsExactly(7L);
    }

    @Test
    void onlyTheNewestNotificationsAreKept() {
        ReceiptLedger ledger = new ReceiptLedger(2);
        Reported a = new Reported();
        ledger.delivered(1, a, null, NOW);
        ledger.delivered(2, a, null, NOW);
        ledger.delivered(3, a, null, NOW);
        assertThat(ledger.ids()).containsExactly(2L, 3L);
        assertThat(ledger.delivered(1, new Reported(), null, NOW)).as("older than every kept one").isFalse();
        assertThat(ledger.sizes(1)).isNull();
    }

    @Test
    void anIdDroppedForRoomDoesNotComeBackWhenARetractFreesASlot() {
        ReceiptLedger ledger = new ReceiptLedger(2);
        ledger.delivered(1, new Reported(), null, NOW);
        ledger.delivered(1, new Reported(), null, NOW);
        ledger.delivered(2, new Reported(), null, NOW);
        ledger.delivered(3, new Reported(), null, NOW); // 1 is dropped for room, with its 2 pages
        ledger.forget(3); // a retract: a slot is free again
        // A count started again from 0 would go over the saved 2 (counts.db) with 1.
        assertThat(ledger.delivered(1, new Reported(), null, NOW)).isFalse();
        assertThat(ledger.sizes(1)).isNull();
        assertThat(ledger.delivered(4, new Reported(), null, NOW)).as("newer ones still come in").isTrue();
    }

    @Test
    void namesStopAtTheCapWhileCountsGoOn() {
        ReceiptLedger ledger = new ReceiptLedger(10);
        for (int i = 0; i < ReceiptLedger.MAX_USERS + 50; i++) {
            ledger.seen(9, new Reported(), "user-%03d".formatted(i), NOW);
        }
        ReceiptLedger.Counts counts = ledger.counts(9);
        assertThat(counts.delivered()).isEqualTo(ReceiptLedger.MAX_USERS + 50);
        assertThat(counts.seen()).isEqualTo(ReceiptLedger.MAX_USERS + 50);
        assertThat(counts.users()).hasSize(ReceiptLedger.MAX_USERS);
        assertThat(counts.users().getFirst().user()).isEqualTo("user-000");
        // A named user's other page (a second tab) still updates that user's entry.
        ledger.delivered(9, new Reported(), "user-000", NOW.plusSeconds(5));
        assertThat(ledger.counts(9).users().getFirst().delivered()).as("the earliest stays").isEqualTo(NOW);
    }

    @Test
    void anIdBehindTheConnectionsWindowCountsNeitherDeliveredNorSeen() {
        ReceiptLedger ledger = new ReceiptLedger(10);
        Reported page = new Reported();
        long newest = 100_000;
        long behind = newest - Reported.WINDOW - 1000;
        ledger.delivered(newest, page, "ann", NOW);
        assertThat(ledger.seen(behind, page, "ann", NOW)).isFalse();
        assertThat(ledger.counts(behind).delivered()).isZero();
        assertThat(ledger.counts(behind).seen()).as("seen never without delivered").isZero();
    }
}
