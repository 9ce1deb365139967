package dev.herald.admin.ui.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;

/**
 * What the feature view models hear from the connection, always on the UI thread. Every
 * method has a no-op default, so each view model overrides only what it needs.
 */
public interface FeedListener {
    /** A (re)connection succeeded: reload anything that may have changed meanwhile. */
    default void connected(HeraldClient client, JsonNode stats) {
    }

    /**
     * The connection is gone (server unreachable, token refused, or disconnected by hand) until
     * the next {@link #connected}; what was shown may be stale.
     *
     * @param why a few words for a status line, e.g. "reconnecting…"
     */
    default void connectionLost(String why) {
    }

    /** The once-a-second stats event. */
    default void stats(JsonNode stats) {
    }

    default void clientConnected(JsonNode client) {
    }

    default void clientDisconnected(JsonNode event) {
    }

    /** New delivered/seen counts of one notification (at most one a second per notification). */
    default void receipt(JsonNode counts) {
    }

    /**
     * The pending scheduled notifications changed (scheduled, cancelled or sent by anyone; at most once a
     * second). Older servers never send it.
     */
    default void scheduledChanged(JsonNode pending) {
    }
}
