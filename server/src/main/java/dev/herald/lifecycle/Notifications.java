package dev.herald.lifecycle;

import dev.herald.hub.Hub;
import dev.herald.store.EventFilter;
import dev.herald.store.EventLog;
import dev.herald.store.StoredEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of the log that see notifications only: control entries ({@code retract}) are part of
 * the log and of replay, but never of history or of an id lookup.
 */
public final class Notifications {
    private Notifications() {
    }

    /**
     * The stored notification with this id (expired ones too), or null when none is stored: as the log
     * answers, from the newest events in memory when they hold it ({@link Hub#stored}).
     */
    public static StoredEvent find(Hub hub, long id) {
        StoredEvent e = hub.stored(id);
        return e == null || !e.isNotification() ? null : e;
    }

    /** {@link #find} for many ids at once (one round trip to a shared log): the notifications stored, by id. */
    public static Map<Long, StoredEvent> findAll(Hub hub, Collection<Long> ids) {
        Map<Long, StoredEvent> found = new HashMap<>(hub.stored(ids));
        found.values().removeIf(e -> !e.isNotification());
        return found;
    }

    /** A history page, oldest first, and whether the log holds more beyond it. */
    public record Page(List<StoredEvent> events, boolean hasMore) {
    }

    /**
     * Up to {@code limit} notifications after {@code after} (paging forward) or else the newest before
     * {@code before} (null: the newest of all); one more is read to tell whether there are more.
     */
    public static Page page(EventLog log, Long after, Long before, EventFilter filter, int limit) {
        List<StoredEvent> page = after != null ? readAfter(log, after, filter, limit + 1)
                : readBefore(log, before != null ? before : Long.MAX_VALUE, filter, limit + 1);
        boolean hasMore = page.size() > limit;
        if (hasMore) {
            page = after != null ? page.subList(0, limit) : page.subList(1, page.size());
        }
        return new Page(page, hasMore);
    }

    /** Like {@link EventLog#readAfter}, skipping control entries; still up to limit notifications. */
    public static List<StoredEvent> readAfter(EventLog log, long afterId, EventFilter filter, int limit) {
        List<StoredEvent> out = new ArrayList<>();
        long cursor = afterId;
        while (out.size() < limit) {
            int want = limit - out.size();
            List<StoredEvent> page = log.readAfter(cursor, filter, want);
            for (StoredEvent e : page) {
                if (e.isNotification()) {
                    out.add(e);
                }
            }
            if (page.size() < want) {
                break;
            }
            cursor = page.getLast().id();
        }
        return out;
    }

    /** Like {@link EventLog#readBefore}, skipping control entries; the newest, oldest first. */
    public static List<StoredEvent> readBefore(EventLog log, long beforeId, EventFilter filter, int limit) {
        List<StoredEvent> out = new ArrayList<>();
        long cursor = beforeId;
        while (out.size() < limit) {
            int want = limit - out.size();
            List<StoredEvent> page = log.readBefore(cursor, filter, want);
            List<StoredEvent> kept = page.stream().filter(StoredEvent::isNotification).toList();
            out.addAll(0, kept);
            if (page.size() < want) {
                break;
            }
            cursor = page.getFirst().id();
        }
        return out;
    }
}
