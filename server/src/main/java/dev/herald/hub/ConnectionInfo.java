package dev.herald.hub;

import java.time.Instant;
import java.util.Set;

/**
 * What the HTTP layer knows about a connection when it subscribes.
 *
 * @param topics        topics it listens to (the broadcast topic {@code all} is always heard)
 * @param user          authenticated user id, or null when anonymous
 * @param remoteAddress peer address, for operators
 * @param userAgent     the client's User-Agent, or null
 * @param connectedAt   when the stream opened
 * @param tokenExpires  when the token it connected with expires (the hub ends the stream then), or null
 */
public record ConnectionInfo(Set<String> topics, String user, String remoteAddress, String userAgent,
                             Instant connectedAt, Instant tokenExpires) {
    public ConnectionInfo {
        topics = Set.copyOf(topics);
    }

    /** A connection without a token that expires. */
    public ConnectionInfo(Set<String> topics, String user, String remoteAddress, String userAgent, Instant connectedAt) {
        this(topics, user, remoteAddress, userAgent, connectedAt, null);
    }
}
