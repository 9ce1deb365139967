package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.http.ApiException;
import dev.herald.http.JsonBody;
import dev.herald.http.JsonNumbers;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code POST /receipts} body: a page's connection and the notification ids that reached it
 * ({@code delivered}) and that were on screen in a focused tab ({@code seen}).
 */
public record ReceiptBatch(String connection, Set<Long> delivered, Set<Long> seen) {
    public static final int MAX_IDS = 200;

    /** Parses and checks a body: 400 with a clear error for anything else. */
    public static ReceiptBatch parse(byte[] body) {
        return from(JsonBody.parse(body));
    }

    static ReceiptBatch from(JsonNode root) {
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
        ReceiptBatch b = new ReceiptBatch(root.get("connection").textValue(), ids(root, "delivered"), ids(root, "seen"));
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
            Long id = JsonNumbers.whole(item, 1, Long.MAX_VALUE); // 7 and 7.0 alike
            if (id == null) {
                throw ApiException.badRequest("invalid_type", "\"" + field + "\" items must be positive whole numbers");
            }
            out.add(id);
        }
        return out;
    }

    // What ConnectionIds makes: an 8-character node prefix, a base-36 counter and 8 random characters.
    private static final Pattern CONNECTION = Pattern.compile("([a-z0-9]{8})-[a-z0-9]{1,13}-[a-z0-9]{8}");

    /** The node that holds the connection (the prefix of its id), or empty when it is not a connection id. */
    public String node() {
        Matcher m = CONNECTION.matcher(connection);
        return m.matches() ? m.group(1) : "";
    }
}
