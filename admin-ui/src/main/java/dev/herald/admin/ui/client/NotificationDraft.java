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
 * @param users  empty means everyone on the topics; else only these users' connections
 */
public record NotificationDraft(String message, String title, String level, List<String> topics,
                                List<String> tags, String url, Integer ttl, List<String> users) {
    public NotificationDraft {
        topics = List.copyOf(topics);
        tags = List.copyOf(tags);
        users = List.copyOf(users);
    }

    public NotificationDraft(String message, String title, String level, List<String> topics, List<String> tags,
                             String url, Integer ttl) {
        this(message, title, level, topics, tags, url, ttl, List.of());
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
        if (!users.isEmpty()) {
            ArrayNode a = n.putArray("users");
            users.forEach(a::add);
        }
        return n;
    }

    /** The draft that sends a stored notification (wire JSON, as in history) again. */
    public static NotificationDraft of(JsonNode wire) {
        return new NotificationDraft(wire.path("message").asText(), text(wire, "title"), text(wire, "level"),
                strings(wire.path("topics")), strings(wire.path("tags")), text(wire, "url"),
                wire.hasNonNull("ttl") ? wire.get("ttl").asInt() : null, strings(wire.path("users")));
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
