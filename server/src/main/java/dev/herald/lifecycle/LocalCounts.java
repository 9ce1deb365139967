package dev.herald.lifecycle;

import dev.herald.hub.DeliveryLedger;
import dev.herald.hub.Hub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** This node's counts: the hub's delivery ledger and the pages' receipts, both for the newest 1,000. */
public final class LocalCounts implements NotificationCounts {
    private final Hub hub;
    private final ReceiptLedger receipts;

    public LocalCounts(Hub hub, ReceiptLedger receipts) {
        this.hub = hub;
        this.receipts = receipts;
    }

    @Override
    public Map<Long, Counts> of(List<Long> ids) {
        Map<Long, Counts> out = new LinkedHashMap<>();
        for (long id : ids) {
            out.put(id, counts(id));
        }
        return out;
    }

    private Counts counts(long id) {
        DeliveryLedger.Counts d = hub.ledger().counts(id);
        ReceiptLedger.Counts r = receipts.counts(id);
        // Not in the delivery ledger: older than it keeps, or from before a restart. Unknown, not "none".
        boolean known = d != null || r.delivered() > 0;
        return new Counts(id, d == null || d.recipients() < 0 ? null : d.recipients(), d == null ? null : d.delivered(),
                known ? r.delivered() : null, known ? r.seen() : null, r.users());
    }

    @Override
    public List<Long> drainChanged() {
        return receipts.drainChanged();
    }
}
