package dev.herald.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.store.EventDraft;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A validated publish request (see {@link NotificationParser}).
 *
 * @param ttlSeconds null when the notification never expires
 */
public record NotificationRequest(String message, String title, Level level, List<String> topics,
                                  List<String> tags, String url, Integer ttlSeconds, List<String> users) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ISO-8601 UTC with milliseconds, as JavaScript's Date.toISOString() writes it. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public NotificationRequest {
        topics = List.copyOf(topics);
        tags = List.copyOf(tags);
        users = List.copyOf(users);
    }

    /**
     * The log entry for this request published at {@code now}. The payload starts with the seed's
     * {@code message} and {@code time}, then the optional fields that are set.
     */
    public EventDraft toDraft(Instant now) {
        Instant time = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant expires = ttlSeconds == null ? null : time.plusSeconds(ttlSeconds);
        ObjectNode n = JSON.createObjectNode();
        n.put("message", message);
        n.put("time", TIME.format(time));
        if (title != null) {
            n.put("title", title);
        }
        n.put("level", level.wire());
        n.putPOJO("topics", topics);
        if (!tags.isEmpty()) {
            n.putPOJO("tags", tags);
        }
        if (url != null) {
            n.put("url", url);
        }
        // Not in the payload: every recipient would see whom else it went to. The log keeps the users
        // beside it (EventDraft.users) and operators' views add them back.
        if (ttlSeconds != null) {
            n.put("ttl", ttlSeconds);
            n.put("expires", TIME.format(expires));
        }
        return new EventDraft(time, topics, users, expires, n.toString());
    }
}
