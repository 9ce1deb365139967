package dev.herald.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Scheduled notifications held in memory (store: memory): lost on restart, like the log. */
public final class MemoryScheduledStore implements ScheduledStore {
    private final ConcurrentSkipListMap<Long, ScheduledNotification> all = new ConcurrentSkipListMap<>();
    private long lastSeq;
    private final AtomicLong changes = new AtomicLong(); // bumped when the pending ones change

    @Override
    public synchronized ScheduledNotification add(String body, Instant due, Instant created) {
        ScheduledNotification n = new ScheduledNotification(++lastSeq, body, due, created,
                ScheduledNotification.Status.PENDING, null, "");
        all.put(n.seq(), n);
        changes.incrementAndGet();
        return n;
    }

    @Override
    public ScheduledNotification get(ScheduledNotification.Id id) {
        return all.get(id.seq());
    }

    @Override
    public List<ScheduledNotification> pending() {
        return all.values().stream()
                .filter(n -> n.status() == ScheduledNotification.Status.PENDING)
                .sorted(Comparator.comparing(ScheduledNotification::due).thenComparing(ScheduledNotification::seq))
                .toList();
    }

    @Override
    public PendingMark pendingMark() {
        long version = changes.get(); // read first: a change meanwhile shows at the next look
        return new PendingMark(version, (int) all.values().stream()
                .filter(n -> n.status() == ScheduledNotification.Status.PENDING).count());
    }

    @Override
    public List<ScheduledNotification> recent(int limit) {
        return all.descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public void finish(ScheduledNotification n, ScheduledNotification.Status status, Long eventId) {
        all.computeIfPresent(n.seq(), (k, was) -> was.with(status, eventId));
        changes.incrementAndGet();
    }

    @Override
    public void forgetFinished(Instant before) {
        all.values().removeIf(n -> n.status() != ScheduledNotification.Status.PENDING && n.due().isBefore(before));
    }

    @Override
    public void close() {
        // nothing to release
    }
}
