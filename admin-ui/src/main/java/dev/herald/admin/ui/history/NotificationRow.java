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
 * @param pages      pages that reported it arrived (delivered receipts); null from older servers
 * @param seen       pages that reported it visible in a focused tab; null from older servers
 */
public record NotificationRow(long id, Instant time, String level, String title, String message,
                              List<String> topics, Integer recipients, Long delivered, Integer pages, Integer seen,
                              NotificationDraft draft) {

    /** This row with new receipt counts (from the stats feed's receipt event). */
    public NotificationRow withReceipts(int newPages, int newSeen) {
        return new NotificationRow(id, time, level, title, message, topics, recipients, delivered, newPages, newSeen,
                draft);
    }

    public static NotificationRow of(JsonNode n) {
        List<String> topics = new ArrayList<>();
        n.path("topics").forEach(t -> topics.add(t.asText()));
        return new NotificationRow(n.path("id").asLong(), Instant.parse(n.path("time").asText("1970-01-01T00:00:00Z")),
                n.path("level").asText("info"), n.hasNonNull("title") ? n.get("title").asText() : "",
                n.path("message").asText(), List.copyOf(topics),
                n.hasNonNull("recipients") ? n.get("recipients").asInt() : null,
                n.hasNonNull("delivered") ? n.get("delivered").asLong() : null,
                n.hasNonNull("pagesDelivered") ? n.get("pagesDelivered").asInt() : null,
                n.hasNonNull("seen") ? n.get("seen").asInt() : null,
                NotificationDraft.of(n));
    }

    public String topicsText() {
        return String.join(", ", topics);
    }

    /** Who it went to: "all" or the topics, then any users it was limited to ("all · users: alice"). */
    public String audience() {
        List<String> users = draft.users();
        return topicsText() + (users.isEmpty() ? "" : " · " + (users.size() == 1 ? "user: " : "users: ")
                + String.join(", ", users));
    }

    /** What an operator checks before Retract or Resend: id, message and audience. */
    public String confirmationText() {
        String m = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        return "#" + id + (title.isEmpty() ? "" : " · " + title) + "\n\n" + m + "\n\nAudience: " + audience();
    }
}
