package dev.herald.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The durable, ordered log of notifications, and the seam for cross-node fan-out.
 * Ids are positive, strictly increasing and never reused (also across restarts).
 * Implementations: {@link MemoryEventLog} (tests), {@link SqliteEventLog} (default).
 */
public interface EventLog extends AutoCloseable {

    /**
     * Stores the event and returns it with its id. When this returns, the event is durable and
     * every subscriber has been handed it (subscribers see events in id order, each once).
     *
     * @throws EventLogException when the event could not be stored (nothing was acknowledged)
     */
    StoredEvent append(EventDraft draft);

    /**
     * Stores several events, in this order, with consecutive ids as far as this log can promise it.
     * When this returns they are all durable and handed to subscribers. Stores that can, commit them
     * together (SQLite: one transaction); this default appends one by one.
     */
    default List<StoredEvent> appendAll(List<EventDraft> drafts) {
        return drafts.stream().map(this::append).toList();
    }

    /** Events with id &gt; afterId that match the filter, oldest first, at most limit. */
    List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit);

    /** Events with id &lt; beforeId that match the filter: the newest ones, returned oldest first. */
    List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit);

    /**
     * The stored events with these ids (control entries too, expired ones too), by id; an id not stored
     * is absent. Logs that can answer many ids in one round trip (Redis) do; this default reads each.
     */
    default Map<Long, StoredEvent> readIds(Collection<Long> ids) {
        Map<Long, StoredEvent> found = new HashMap<>();
        for (long id : ids) {
            List<StoredEvent> next = id < 1 ? List.of() : readAfter(id - 1, EventFilter.everything(Instant.EPOCH), 1);
            if (!next.isEmpty() && next.getFirst().id() == id) {
                found.put(id, next.getFirst());
            }
        }
        return found;
    }

    /**
     * Removes one stored event for good (retract): it is no longer replayed or listed. Ids are not
     * reused. Returns the removed event, or null when no event with this id is stored.
     */
    StoredEvent retract(long id);

    /**
     * This log's identity: the same for as long as its data lives (across restarts of a durable store,
     * on every node of a cluster), new when the data starts over (a new or wiped file, a flushed Redis,
     * a memory log). Ids only mean the same events under the same instance; streams send it in
     * {@code hello} so a client can drop what it holds from another log. Empty while not known yet.
     */
    String instanceId();

    /**
     * Whether {@link #instanceId()} can change while this log is open (a Redis flushed or restarted
     * without its data); a file or memory log keeps its instance until it is closed.
     */
    default boolean instanceCanChange() {
        return false;
    }

    /** Highest id ever assigned (0 when none). */
    long latestId();

    /**
     * Highest id removed by retention (0 when nothing was removed). A reader whose last seen id
     * is below this has missed events for good and must be told to reset.
     */
    long prunedThrough();

    /**
     * {@link #latestId} and {@link #prunedThrough} read together: what a new stream's hello and replay
     * need. One round trip for a remote log (a stream's setup made three, in a reconnect storm).
     */
    default Position position() {
        return new Position(latestId(), prunedThrough());
    }

    /** Applies retention (count and age); returns how many events were removed. */
    int prune(Instant now);

    /** Registers a listener called once per appended event, in id order (on any node). */
    void subscribe(Consumer<StoredEvent> listener);

    /** Whether the log can store and read right now, with a reason when not. */
    Health health();

    @Override
    void close();

    /** @param current false when the log could not be asked and these are the last values known */
    record Position(long latestId, long prunedThrough, boolean current) {
        public Position(long latestId, long prunedThrough) {
            this(latestId, prunedThrough, true);
        }
    }

    record Health(boolean up, String detail) {
    }

    /** Retention rules: keep at most maxEvents, none older than maxAge (null = no age limit). */
    record Retention(long maxEvents, java.time.Duration maxAge) {
    }
}
