package dev.herald.auth;

import java.util.List;

/**
 * Who is calling.
 *
 * @param role          what they may do
 * @param user          the subscriber's user id (token {@code sub}), null otherwise
 * @param topicPatterns private topics a subscriber may read (token {@code topics}); empty otherwise
 * @param key           rate-limit key of an operator (token hash prefix, or "loopback")
 */
public record Principal(Role role, String user, List<String> topicPatterns, String key) {
    public enum Role { ANONYMOUS, SUBSCRIBER, OPERATOR }

    public static final Principal ANONYMOUS = new Principal(Role.ANONYMOUS, null, List.of(), null);

    public Principal {
        topicPatterns = List.copyOf(topicPatterns);
    }

    public static Principal operator(String key) {
        return new Principal(Role.OPERATOR, null, List.of(), key);
    }

    public static Principal subscriber(String user, List<String> topics) {
        return new Principal(Role.SUBSCRIBER, user, topics, null);
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }
}
