package dev.herald.store;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which stored events a reader may see.
 *
 * @param topics       the reader's topics, or null for every topic (history without a topic filter);
 *                     events of the broadcast topic {@code all} always match
 * @param user         the reader's user id, or null when anonymous; events addressed to users match only them
 * @param now          events expired at this instant are skipped
 * @param topicVisible topics the reader is allowed to see (private topics need a right)
 * @param anyUser      true for operators: events addressed to any user match
 */
public record EventFilter(Set<String> topics, String user, Instant now, Predicate<String> topicVisible,
                          boolean anyUser) {
    public static final String BROADCAST = "all";

    public EventFilter(Set<String> topics, String user, Instant now) {
        this(topics, user, now, t -> true, false);
    }

    public static EventFilter everything(Instant now) {
        return new EventFilter(null, null, now, t -> true, true);
    }

    public boolean matches(StoredEvent e) {
        if (e.expired(now)) {
            return false;
        }
        if (!anyUser && !e.users().isEmpty() && (user == null || !e.users().contains(user))) {
            return false;
        }
        for (String t : e.topics()) {
            if ((BROADCAST.equals(t) || topics == null || topics.contains(t)) && topicVisible.test(t)) {
                return true;
            }
        }
        return false;
    }
}
