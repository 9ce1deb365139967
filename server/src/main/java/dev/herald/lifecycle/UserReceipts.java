package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The users' receipts of one notification as saved outside memory (a JSON list: Redis in a cluster,
 * counts.db on one node), and the sum of several lists (each user's earliest receipt).
 */
final class UserReceipts {
    private static final Logger LOG = Logger.getLogger(UserReceipts.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserReceipts() {
    }

    static String json(List<ReceiptLedger.UserReceipt> users) {
        ArrayNode a = JSON.createArrayNode();
        for (ReceiptLedger.UserReceipt u : users) {
            a.addObject().put("user", u.user())
                    .put("delivered", u.delivered() == null ? null : u.delivered().toString())
                    .put("seen", u.seen() == null ? null : u.seen().toString());
        }
        return a.toString();
    }

    /** The list in {@code json}; empty when it is null or unreadable (logged). */
    static List<ReceiptLedger.UserReceipt> parse(String json) {
        List<ReceiptLedger.UserReceipt> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        try {
            for (JsonNode u : JSON.readTree(json)) {
                out.add(new ReceiptLedger.UserReceipt(u.path("user").asText(), instant(u.path("delivered")),
                        instant(u.path("seen"))));
            }
        } catch (Exception e) {
            LOG.fine(() -> "unreadable user receipts: " + e.getMessage());
        }
        return out;
    }

    /** Adds {@code more} to {@code into} (by name, a sorted map): each user's earliest delivered and seen. */
    static void merge(Map<String, ReceiptLedger.UserReceipt> into, Collection<ReceiptLedger.UserReceipt> more) {
        for (ReceiptLedger.UserReceipt u : more) {
            into.merge(u.user(), u, (a, b) -> new ReceiptLedger.UserReceipt(a.user(),
                    earliest(a.delivered(), b.delivered()), earliest(a.seen(), b.seen())));
        }
    }

    /** A sum keeps as many names as one ledger does (alphabetically first, like the list's order). */
    static List<ReceiptLedger.UserReceipt> kept(Map<String, ReceiptLedger.UserReceipt> sorted) {
        return sorted.values().stream().limit(ReceiptLedger.MAX_USERS).toList();
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
