package dev.herald.admin.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A notification to send with POST /notify; null/empty fields are left out.
 *
 * @param topics empty means the broadcast topic (everyone)
 */
public record NotificationDraft(String message, String title, String level, List<String> topics,
                                List<String> tags, String url, Integer ttl) {
    public NotificationDraft {
        topics = List.copyOf(topics);
        tags = List.copyOf(tags);
    }

    public ObjectNode toJson() {
        ObjectNode n = HeraldClient.JSON.createObjectNode();
        n.put("message", message);
        if (title != null && !title.isBlank()) {
            n.put("title", title);
        }
        if (level != null) {
            n.put("level", level);
        }
        if (!topics.isEmpty()) {
            ArrayNode a = n.putArray("topics");
            topics.forEach(a::add);
        }
        if (!tags.isEmpty()) {
            ArrayNode a = n.putArray("tags");
            tags.forEach(a::add);
        }
        if (url != null && !url.isBlank()) {
            n.put("url", url);
        }
        if (ttl != null) {
            n.put("ttl", ttl);
        }
        return n;
    }

    /** The draft that sends a stored notification (wire JSON, as in history) again. */
    public static NotificationDraft of(JsonNode wire) {
        return new NotificationDraft(wire.path("message").asText(), text(wire, "title"), text(wire, "level"),
                strings(wire.path("topics")), strings(wire.path("tags")), text(wire, "url"),
                wire.hasNonNull("ttl") ? wire.get("ttl").asInt() : null);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
