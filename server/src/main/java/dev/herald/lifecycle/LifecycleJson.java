package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.notify.NotificationRequest;

import java.io.IOException;
import java.util.Locale;

/** JSON shapes of stored and scheduled notifications and receipt counts (admin API and stats feed). */
public final class LifecycleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecycleJson() {
    }

    /**
     * A stored notification as operators see it: its JSON plus the users it was addressed to, which are
     * kept beside the payload (recipients do not see them). Null when the stored JSON is not an object.
     */
    public static ObjectNode forOperators(dev.herald.store.StoredEvent e) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(e.json());
        } catch (IOException ex) {
            return null;
        }
        if (!(parsed instanceof ObjectNode n)) {
            return null;
        }
        if (!e.users().isEmpty()) {
            n.putPOJO("users", e.users());
        }
        return n;
    }

    /** A scheduled notification: its id, due time, status, log id once sent, and the publish body. */
    public static ObjectNode scheduled(ScheduledNotification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", n.id());
        o.put("due", NotificationRequest.TIME.format(n.due()));
        o.put("created", NotificationRequest.TIME.format(n.created()));
        o.put("status", n.status().name().toLowerCase(Locale.ROOT));
        if (n.eventId() == null) {
            o.putNull("eventId");
        } else {
            o.put("eventId", n.eventId());
        }
        try {
            JsonNode body = JSON.readTree(n.body());
            o.set("notification", body);
        } catch (IOException e) {
            o.putNull("notification");
        }
        return o;
    }

    /** Receipt counts of one notification; with the per-user list when {@code withUsers}. */
    public static ObjectNode receipts(NotificationCounts.Counts c, boolean withUsers) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.id());
        if (c.recipients() == null) {
            o.putNull("recipients");
        } else {
            o.put("recipients", c.recipients());
        }
        // Pages' receipts: none reported is 0 here (history rows say null when it is older than what is kept).
        o.put("delivered", c.pagesDelivered() == null ? 0 : c.pagesDelivered());
        o.put("seen", c.seen() == null ? 0 : c.seen());
        if (withUsers) {
            ArrayNode users = o.putArray("users");
            for (ReceiptLedger.UserReceipt u : c.users()) {
                ObjectNode un = users.addObject();
                un.put("user", u.user());
                un.put("delivered", u.delivered() == null ? null : NotificationRequest.TIME.format(u.delivered()));
                un.put("seen", u.seen() == null ? null : NotificationRequest.TIME.format(u.seen()));
            }
        }
        return o;
    }
}
