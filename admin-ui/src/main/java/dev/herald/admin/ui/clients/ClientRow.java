package dev.herald.admin.ui.clients;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One connected client, as GET /admin/clients and the client-connected event describe it. */
public record ClientRow(String id, List<String> topics, String user, String remoteAddress, String userAgent,
                        Instant connectedAt, long lastEventId, int queueDepth) {

    public static ClientRow of(JsonNode n) {
        List<String> topics = new ArrayList<>();
        n.path("topics").forEach(t -> topics.add(t.asText()));
        return new ClientRow(n.path("id").asText(), List.copyOf(topics), text(n, "user"), text(n, "remoteAddress"),
                text(n, "userAgent"), Instant.parse(n.path("connectedAt").asText("1970-01-01T00:00:00Z")),
                n.path("lastEventId").asLong(), n.path("queueDepth").asInt());
    }

    public String topicsText() {
        return String.join(", ", topics);
    }

    /**
     * True when every word of the filter is in some column (case-insensitive): "127.0.0.1 alice" finds
     * alice's streams from that address. Blank matches everything.
     */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        for (String word : filter.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!(contains(id, word) || contains(topicsText(), word) || contains(user, word)
                    || contains(remoteAddress, word) || contains(userAgent, word))) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(String value, String f) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(f);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
