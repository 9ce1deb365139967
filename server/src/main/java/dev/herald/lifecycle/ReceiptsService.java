package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.AuthFilter;
import dev.herald.auth.Principal;
import dev.herald.auth.RateLimiter;
import dev.herald.http.ApiException;
import dev.herald.http.Bodies;
import dev.herald.http.ErrorHandling;
import dev.herald.http.JsonBody;
import dev.herald.http.Limits;
import dev.herald.http.Responses;
import dev.herald.hub.Subscriber;
import dev.herald.store.StoredEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /receipts} {"connection","delivered":[ids],"seen":[ids]}: a page says which
 * notifications reached it and which were visible in a focused tab. Authenticated like the stream
 * (same token sources); the connection must be the caller's own open stream on this node. Every id
 * is checked before anything counts: unknown 404, not meant for this connection 403.
 */
public final class ReceiptsService implements HttpService {
    public static final int MAX_IDS = 200;
    private static final int MAX_BODY = 16 * 1024;

    private final Lifecycle lifecycle;
    private final RateLimiter rate;

    public ReceiptsService(Lifecycle lifecycle, RateLimiter rate) {
        this.lifecycle = lifecycle;
        this.rate = rate;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receipts)
                .any("/", ErrorHandling.methodNotAllowed("POST"));
    }

    private record Batch(String connection, Set<Long> delivered, Set<Long> seen) {
    }

    private void receipts(ServerRequest req, ServerResponse res) {
        Bodies.requireJson(req);
        Batch batch = parse(Bodies.read(req, MAX_BODY));
        Limits.check(rate, batch.connection(), "receipt rate");
        Principal who = AuthFilter.principal(req);
        Subscriber sub = lifecycle.hub().subscribers().stream()
                .filter(s -> s.id().equals(batch.connection())).findFirst()
                .orElseThrow(() -> new ApiException(404, "unknown_connection", "no open stream " + batch.connection()
                        + " on this node (send receipts while the stream is open, to the node that holds it)"));
        if (!who.isOperator() && !java.util.Objects.equals(who.user(), sub.info().user())) {
            throw new ApiException(403, "not_your_connection", "connection " + sub.id() + " belongs to another user");
        }
        Set<Long> all = new LinkedHashSet<>(batch.delivered());
        all.addAll(batch.seen());
        for (long id : all) {
            check(sub, id);
        }
        Instant now = lifecycle.hub().clock().instant();
        ReceiptLedger ledger = lifecycle.receipts();
        int delivered = 0;
        int seen = 0;
        for (long id : batch.delivered()) {
            delivered += ledger.delivered(id, sub.id(), sub.info().user(), now) ? 1 : 0;
        }
        for (long id : batch.seen()) {
            seen += ledger.seen(id, sub.id(), sub.info().user(), now) ? 1 : 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivered", delivered);
        body.put("seen", seen);
        body.put("duplicates", batch.delivered().size() + batch.seen().size() - delivered - seen);
        Responses.json(res, 200, body);
    }

    // 404 when no such notification is stored; 403 when this connection was never meant to get it.
    private void check(Subscriber sub, long id) {
        StoredEvent e = Notifications.find(lifecycle.hub().log(), id);
        if (e == null) {
            throw new ApiException(404, "unknown_notification", "no stored notification " + id);
        }
        boolean forThisConnection = sub.hears(e);
        // Published after the stream opened but not written to it yet: it cannot have arrived.
        boolean notYet = e.id() > sub.lastDeliveredId() && !e.time().isBefore(sub.info().connectedAt());
        if (!forThisConnection || notYet) {
            throw new ApiException(403, "not_received", "notification " + id + " was not sent to connection " + sub.id());
        }
    }

    private static Batch parse(byte[] body) {
        JsonNode root = JsonBody.parse(body);
        if (!root.isObject() || !root.path("connection").isTextual()) {
            throw ApiException.badRequest("invalid_body",
                    "body must be like {\"connection\":\"<hello connection id>\",\"delivered\":[1,2],\"seen\":[1]}");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("connection", "delivered", "seen").contains(f)) {
                throw ApiException.badRequest("unknown_field", "unknown field \"" + f + "\"; allowed: connection, delivered, seen");
            }
        }
        Batch b = new Batch(root.get("connection").textValue(), ids(root, "delivered"), ids(root, "seen"));
        if (b.delivered().size() + b.seen().size() > MAX_IDS) {
            throw ApiException.badRequest("too_many_ids", "at most " + MAX_IDS + " ids per request");
        }
        return b;
    }

    private static Set<Long> ids(JsonNode root, String field) {
        JsonNode n = root.get(field);
        Set<Long> out = new LinkedHashSet<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw ApiException.badRequest("invalid_type", "\"" + field + "\" must be an array of notification ids");
        }
        for (JsonNode item : n) {
            if (!item.isIntegralNumber() || !item.canConvertToLong() || item.longValue() < 1) {
                throw ApiException.badRequest("invalid_type", "\"" + field + "\" items must be positive whole numbers");
            }
            out.add(item.longValue());
        }
        return out;
    }
}
