package dev.herald.store;

import java.time.Instant;
import java.util.Set;

/**
 * Which stored events a reader may see.
 *
 * @param topics the reader's topics, or null for every topic (history without a topic filter);
 *               events of the broadcast topic {@code all} always match
 * @param user   the reader's user id, or null when anonymous; events addressed to users match only them
 * @param now    events expired at this instant are skipped
 */
public record EventFilter(Set<String> topics, String user, Instant now) {
    public static final String BROADCAST = "all";

    public static EventFilter everything(Instant now) {
        return new EventFilter(null, null, now);
    }

    public boolean matches(StoredEvent e) {
        if (e.expired(now)) {
            return false;
        }
        if (!e.users().isEmpty() && (user == null || !e.users().contains(user))) {
            return false;
        }
        if (topics == null) {
            return true;
        }
        for (String t : e.topics()) {
            if (BROADCAST.equals(t) || topics.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
