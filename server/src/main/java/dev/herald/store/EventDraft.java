package dev.herald.store;

import java.time.Instant;
import java.util.List;

/**
 * A notification on its way into the log: everything but the id, which the log assigns.
 *
 * @param time      publish time (UTC)
 * @param topics    topics it belongs to; {@code all} is the broadcast topic every client hears
 * @param users     users it is addressed to; empty means everyone allowed on the topics
 * @param expiresAt after this instant it is neither replayed nor listed; null = never
 * @param payload   the wire JSON object without its id (serialized once, here)
 */
public record EventDraft(Instant time, List<String> topics, List<String> users, Instant expiresAt, String payload) {
    /** How a control entry's payload starts; see {@link StoredEvent#eventName()}. */
    public static final String CONTROL_PREFIX = "{\"event\":\"";

    /**
     * A control entry (e.g. {@code retract}) for the readers of these topics and users: delivered
     * as a named SSE event whose data is {@code dataJson}, a non-empty JSON object.
     */
    public static EventDraft control(String event, Instant time, List<String> topics, List<String> users,
                                     String dataJson) {
        if (!event.matches("[a-z][a-z-]*") || dataJson.length() < 3 || dataJson.charAt(0) != '{') {
            throw new IllegalArgumentException("bad control entry " + event + " " + dataJson);
        }
        return new EventDraft(time, topics, users, null, CONTROL_PREFIX + event + "\"," + dataJson.substring(1));
    }
    public EventDraft {
        topics = List.copyOf(topics);
        users = List.copyOf(users);
        if (payload.isEmpty() || payload.charAt(0) != '{' || payload.charAt(payload.length() - 1) != '}') {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
    }
}
