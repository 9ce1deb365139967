package dev.herald.auth;

import java.time.Instant;
import java.util.List;

/**
 * Who is calling.
 *
 * @param role          what they may do
 * @param user          the subscriber's user id (token {@code sub}), null otherwise
 * @param topicPatterns private topics a subscriber may read (token {@code topics}); empty otherwise
 * @param key           rate-limit key of an operator (token hash prefix, or "loopback")
 * @param expires       when a subscriber's token expires (its streams end then), null otherwise
 */
public record Principal(Role role, String user, List<String> topicPatterns, String key, Instant expires) {
    public enum Role { ANONYMOUS, SUBSCRIBER, OPERATOR }

    public static final Principal ANONYMOUS = new Principal(Role.ANONYMOUS, null, List.of(), null, null);

    public Principal {
        topicPatterns = List.copyOf(topicPatterns);
    }

    public static Principal operator(String key) {
        return new Principal(Role.OPERATOR, null, List.of(), key, null);
    }

    public static Principal subscriber(String user, List<String> topics, Instant expires) {
        return new Principal(Role.SUBSCRIBER, user, topics, null, expires);
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }
}
