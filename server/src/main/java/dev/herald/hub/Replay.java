package dev.herald.hub;

import dev.herald.store.EventFilter;
import dev.herald.store.EventLog;
import dev.herald.store.StoredEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The replay in a stream's setup: the events after the client's Last-Event-ID that it may read,
 * from the log in pages, after a reset frame when that id is unknown here or already pruned.
 */
final class Replay {
    static final int PAGE = 500;

    /** Writes a full page out before the next one is read. */
    interface PageOut {
        void flush() throws IOException;
    }

    private Replay() {
    }

    /**
     * Frames the replay into {@code buf} (the last page stays there for the caller's write).
     *
     * @return the id up to which the client now has everything: live events up to it are skipped
     */
    static long into(Hub hub, Subscriber subscriber, long lastEventId, EventLog.Position at, ByteArrayOutputStream buf,
                     PageOut pageOut) throws IOException {
        long cursor = lastEventId;
        long latest = at.latestId();
        long sent = 0;
        long has = lastEventId; // what the client has already
        long pruned = at.prunedThrough();
        // After a reset the replay starts at the cut: the events kept in memory may reach below it.
        if (cursor > latest) {
            // An id from the future: this log was wiped or is another hub's. Start over.
            buf.write(SseFrame.reset("unknown-id", latest));
            cursor = pruned;
            // Not latest: memory may end below it (events still on their way here), and those come live.
            has = pruned;
        } else if (cursor < pruned) {
            buf.write(SseFrame.reset("retention", pruned));
            cursor = pruned;
        }
        EventFilter filter = subscriber.filter(hub.clock().instant());
        // Memory only while the log answers: what it holds says nothing of what the log got meanwhile.
        EventLog source = at.current() ? hub.replays() : hub.log();
        while (true) {
            List<StoredEvent> page = source.readAfter(cursor, filter, PAGE);
            for (StoredEvent e : page) {
                buf.write(e.frame());
                sent = e.id();
                hub.countDelivered(e);
            }
            hub.countReplayed(page.size());
            hub.countDelivered(page.size());
            if (page.size() < PAGE) {
                break;
            }
            cursor = page.getLast().id();
            pageOut.flush();
        }
        return Math.max(sent, has);
    }
}
