package dev.herald.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** An event log held in memory: for tests and for throwaway hubs. Lost on restart. */
public final class MemoryEventLog implements EventLog {
    private final ConcurrentSkipListMap<Long, StoredEvent> events = new ConcurrentSkipListMap<>();
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    // One appender at a time keeps ids and listener calls in the same order.
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Retention retention;
    private final String instance = InstanceIds.newId();
    private long lastId;
    private volatile long prunedThrough;
    private volatile boolean closed;

    public MemoryEventLog(Retention retention) {
        this.retention = retention;
    }

    @Override
    public String instanceId() {
        return instance; // a memory log starts over with every process
    }

    @Override
    public StoredEvent append(EventDraft draft) {
        appendLock.lock();
        try {
            if (closed) {
                throw new EventLogException("event log is closed");
            }
            StoredEvent event = new StoredEvent(++lastId, draft);
            events.put(event.id(), event);
            if (events.size() > retention.maxEvents()) {
                dropOldest(events.size() - retention.maxEvents());
            }
            listeners.forEach(l -> l.accept(event));
            return event;
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public List<StoredEvent> appendAll(List<EventDraft> drafts) {
        appendLock.lock(); // held across the batch: its ids are consecutive
        try {
            return drafts.stream().map(this::append).toList();
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        return collect(events.tailMap(afterId, false), filter, limit, false);
    }

    @Override
    public List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit) {
        return collect(events.headMap(beforeId, false).descendingMap(), filter, limit, true);
    }

    private static List<StoredEvent> collect(NavigableMap<Long, StoredEvent> range, EventFilter filter,
                                             int limit, boolean reverse) {
        List<StoredEvent> out = new ArrayList<>();
        for (StoredEvent e : range.values()) {
            if (out.size() >= limit) {
                break;
            }
            if (filter.matches(e)) {
                out.add(e);
            }
        }
        return reverse ? out.reversed() : out;
    }

    @Override
    public StoredEvent retract(long id) {
        return events.remove(id);
    }

    @Override
    public long latestId() {
        appendLock.lock();
        try {
            return lastId;
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public long prunedThrough() {
        return prunedThrough;
    }

    @Override
    public int prune(Instant now) {
        appendLock.lock();
        try {
            int removed = 0;
            if (retention.maxAge() != null) {
                Instant cutoff = now.minus(retention.maxAge());
                Map.Entry<Long, StoredEvent> first;
                while ((first = events.firstEntry()) != null && first.getValue().time().isBefore(cutoff)) {
                    removed += dropOldest(1);
                }
            }
            if (events.size() > retention.maxEvents()) {
                removed += dropOldest(events.size() - retention.maxEvents());
            }
            return removed;
        } finally {
            appendLock.unlock();
        }
    }

    private int dropOldest(long count) {
        int removed = 0;
        for (long i = 0; i < count; i++) {
            Map.Entry<Long, StoredEvent> first = events.pollFirstEntry();
            if (first == null) {
                break;
            }
            prunedThrough = first.getKey();
            removed++;
        }
        return removed;
    }

    @Override
    public void subscribe(Consumer<StoredEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public Health health() {
        return closed ? new Health(false, "closed") : new Health(true, "memory, " + events.size() + " events");
    }

    @Override
    public void close() {
        closed = true;
    }
}
