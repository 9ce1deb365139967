package dev.herald.hub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerTest {
    @Test
    void countsRecipientsAndDeliveriesOfTheNewestIdsOnly() {
        DeliveryLedger ledger = new DeliveryLedger(4);
        ledger.delivered(1); // a fast writer may count a delivery before publish records recipients
        assertThat(ledger.recipients(1)).isEqualTo(-1); // not counted yet: publish counts them itself
        ledger.recipients(1, 3);
        assertThat(ledger.recipients(1)).isEqualTo(3);
        ledger.delivered(1);
        assertThat(ledger.counts(1)).isEqualTo(new DeliveryLedger.Counts(1, 3, 2));
        ledger.recipients(5, 2); // same slot as 1: the newer id takes it
        assertThat(ledger.counts(1)).isNull();
        assertThat(ledger.recipients(1)).isEqualTo(-1);
        ledger.delivered(1); // a late delivery of an evicted id is ignored
        assertThat(ledger.counts(5)).isEqualTo(new DeliveryLedger.Counts(5, 2, 0));
        assertThat(ledger.counts(2)).isNull();
    }
}
