package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One notification's receipts from GET /admin/notifications/{id}: counts and the signed-in users
 * whose pages reported it (anonymous pages are only counted).
 */
public record ReceiptDetail(long id, String message, Integer recipients, int delivered, int seen, List<User> users) {
    /** @param seen null when the user's page reported it delivered but not (yet) seen */
    public record User(String user, String delivered, String seen) {
    }

    static ReceiptDetail of(JsonNode n) {
        JsonNode r = n.path("receipts");
        List<User> users = new ArrayList<>();
        r.path("users").forEach(u -> users.add(new User(u.path("user").asText(),
                u.hasNonNull("delivered") ? u.get("delivered").asText() : null,
                u.hasNonNull("seen") ? u.get("seen").asText() : null)));
        return new ReceiptDetail(r.path("id").asLong(), n.path("notification").path("message").asText(),
                r.hasNonNull("recipients") ? r.get("recipients").asInt() : null,
                r.path("delivered").asInt(), r.path("seen").asInt(), List.copyOf(users));
    }

    /** One line for the detail pane. */
    public String summary() {
        StringBuilder sb = new StringBuilder("#").append(id).append(": ")
                .append(recipients == null ? "—" : recipients)
                .append(recipients != null && recipients == 1 ? " recipient · " : " recipients · ")
                .append(delivered).append(delivered == 1 ? " page" : " pages").append(" reported it · ")
                .append(seen).append(" seen");
        if (!users.isEmpty()) {
            sb.append(" — ");
            for (int i = 0; i < users.size(); i++) {
                User u = users.get(i);
                sb.append(i == 0 ? "" : ", ").append(u.user()).append(u.seen() != null ? " (seen)" : " (delivered)");
            }
        }
        return sb.toString();
    }
}
