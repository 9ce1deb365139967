package dev.herald.admin;

import dev.herald.hub.SseFrame;
import dev.herald.lifecycle.ScheduledStore;
import dev.herald.lifecycle.Scheduler;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells operators that the pending scheduled notifications changed: one was scheduled, cancelled or
 * sent, through any client (or, in cluster mode, on any node, since the store is shared). The stats
 * ticker asks once a second, only while an operator watches, and gets an {@code event: scheduled}
 * {@code {"pending":n}} when the store's {@link ScheduledStore.PendingMark} differs from the last look;
 * the admin app then reloads {@code GET /admin/scheduled}. The mark's version moves with every change,
 * so one scheduled and another cancelled within the same second is seen too, and asking costs one round
 * trip (it read every pending one, bodies included, each second).
 */
final class ScheduledChanges {
    private static final Logger LOG = Logger.getLogger(ScheduledChanges.class.getName());

    private final Scheduler scheduler;
    private ScheduledStore.PendingMark lastSeen; // null: nobody watched at the last tick (the ticker's thread only)
    private boolean failing;

    ScheduledChanges(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * The event to send now, if any. The first look after nobody watched always sends one: the
     * operator's app loaded its list when its stream opened, which may be before this look.
     */
    List<byte[]> events(boolean watched) {
        if (!watched) {
            lastSeen = null; // no reads while nobody watches
            return List.of();
        }
        ScheduledStore.PendingMark mark;
        try {
            mark = scheduler.pendingMark();
            failing = false;
        } catch (RuntimeException e) { // the store is away: keep the last look and try next second
            if (!failing) {
                LOG.log(Level.WARNING, "cannot read the scheduled notifications for the admin feed; trying every second", e);
                failing = true;
            }
            return List.of();
        }
        if (mark.equals(lastSeen)) {
            return List.of();
        }
        lastSeen = mark;
        return List.of(SseFrame.named("scheduled", "{\"pending\":" + mark.count() + "}"));
    }
}
