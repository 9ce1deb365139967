package dev.herald.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A notification as stored in the event log, with the SSE frame built once and shared by
 * every connection it is delivered to.
 */
public final class StoredEvent {
    private final long id;
    private final Instant time;
    private final List<String> topics;
    private final List<String> users;
    private final Instant expiresAt;
    private final String payload;
    private volatile String json;
    private volatile byte[] frame;

    public StoredEvent(long id, EventDraft draft) {
        this(id, draft.time(), draft.topics(), draft.users(), draft.expiresAt(), draft.payload());
    }

    public StoredEvent(long id, Instant time, List<String> topics, List<String> users, Instant expiresAt,
                       String payload) {
        this.id = id;
        this.time = time;
        this.topics = List.copyOf(topics);
        this.users = List.copyOf(users);
        this.expiresAt = expiresAt;
        this.payload = payload;
    }

    public long id() {
        return id;
    }

    public Instant time() {
        return time;
    }

    public List<String> topics() {
        return topics;
    }

    public List<String> users() {
        return users;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** The stored JSON without id (what the log keeps). */
    public String payload() {
        return payload;
    }

    /**
     * The SSE event name of a control entry ({@code retract}), or null for a notification.
     * Control entries are stored like notifications, with a payload that starts with
     * {@code {"event":"<name>",} (notification payloads start with {@code "message"}).
     */
    public String eventName() {
        if (!payload.startsWith(EventDraft.CONTROL_PREFIX)) {
            return null;
        }
        int end = payload.indexOf('"', EventDraft.CONTROL_PREFIX.length());
        return end < 0 ? null : payload.substring(EventDraft.CONTROL_PREFIX.length(), end);
    }

    /** The id a retract entry names ({@code {"event":"retract","id":N}}), or -1 for any other entry. */
    public long retractedId() {
        String prefix = EventDraft.CONTROL_PREFIX + "retract\",\"id\":";
        if (!payload.startsWith(prefix)) {
            return -1;
        }
        int end = prefix.length();
        while (end < payload.length() && Character.isDigit(payload.charAt(end))) {
            end++;
        }
        return end == prefix.length() || end - prefix.length() > 18 ? -1 : Long.parseLong(payload.substring(prefix.length(), end));
    }

    /** True for a notification, false for a control entry. */
    public boolean isNotification() {
        return eventName() == null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The wire JSON: the payload with {@code "id"} appended, so the seed's fields stay first. */
    public String json() {
        String j = json;
        if (j != null) {
            return j;
        }
        String name = eventName();
        if (name != null) {
            // A control entry's data is its payload without the event name (and without the log id).
            j = "{" + payload.substring(EventDraft.CONTROL_PREFIX.length() + name.length() + 2);
            json = j;
        } else {
            j = payload.length() == 2
                    ? "{\"id\":" + id + "}"
                    : payload.substring(0, payload.length() - 1) + ",\"id\":" + id + "}";
            json = j;
        }
        return j;
    }

    /**
     * The SSE frame {@code id: N\ndata: {...}\n\n}. The JSON writer escapes every control
     * character, so the data is always one line and cannot break the framing.
     */
    public byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            String name = eventName();
            // Control entries keep their own (increasing) log id, so Last-Event-ID only moves forward.
            f = ("id: " + id + (name == null ? "" : "\nevent: " + name) + "\ndata: " + json() + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            frame = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return "StoredEvent[" + id + " " + topics + "]";
    }
}
