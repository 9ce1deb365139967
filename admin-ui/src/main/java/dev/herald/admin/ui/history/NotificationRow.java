package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.NotificationDraft;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored notification with its counts.
 *
 * @param recipients matching connections at publish time; null when the server no longer knows
 * @param delivered  connections it was written to; null when the server no longer knows
 */
public record NotificationRow(long id, Instant time, String level, String title, String message,
                              List<String> topics, Integer recipients, Long delivered, NotificationDraft draft) {

    public static NotificationRow of(JsonNode n) {
        List<String> topics = new ArrayList<>();
        n.path("topics").forEach(t -> topics.add(t.asText()));
        return new NotificationRow(n.path("id").asLong(), Instant.parse(n.path("time").asText("1970-01-01T00:00:00Z")),
                n.path("level").asText("info"), n.hasNonNull("title") ? n.get("title").asText() : "",
                n.path("message").asText(), List.copyOf(topics),
                n.hasNonNull("recipients") ? n.get("recipients").asInt() : null,
                n.hasNonNull("delivered") ? n.get("delivered").asLong() : null,
                NotificationDraft.of(n));
    }

    public String topicsText() {
        return String.join(", ", topics);
    }
}
