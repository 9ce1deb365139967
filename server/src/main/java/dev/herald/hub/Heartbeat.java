package dev.herald.hub;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

/**
 * One ticker per hub and heartbeat interval that asks every stream whose queue stayed quiet for
 * most of the interval for a heartbeat, so streams need no timer of their own (see
 * {@link EventQueue}). Each stream is checked once per quarter interval, spread over the ticks (at
 * most one a second) in slices, and gets its heartbeat at the last check before the interval runs
 * out: the interval is the longest a stream goes without a write (a proxy's idle timeout above it
 * is safe), and a heartbeat follows the last write after 0.75 to 1 interval.
 *
 * <p>Why slices: at 19,000 idle streams a full scan every second was 60 % of the server's idle
 * CPU (every check is a cache miss into a queue object, perf in docs/performance.md); a quarter of
 * the interval is as precise as the heartbeat needs, and spreading it avoids a burst of heartbeats.
 */
final class Heartbeat implements AutoCloseable {
    private final Hub hub;
    // A stream quiet for this long gets its heartbeat now: the next check would come too late.
    private final long dueNanos;
    private final long checkNanos;
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean stopped;
    // Carried from tick to tick (a weakly consistent iterator: streams added meanwhile come next pass).
    private Iterator<Subscriber> cursor = Collections.emptyIterator();

    Heartbeat(Hub hub, Duration interval) {
        this(hub, interval, Duration.ofSeconds(1));
    }

    Heartbeat(Hub hub, Duration interval, Duration maxTick) {
        this.hub = hub;
        long intervalNanos = interval.toNanos();
        this.checkNanos = Math.max(Duration.ofMillis(5).toNanos(), intervalNanos / 4);
        this.tickNanos = Math.min(checkNanos, maxTick.toNanos());
        this.dueNanos = Math.max(intervalNanos / 2, intervalNanos - checkNanos - tickNanos);
        this.thread = Thread.ofPlatform().name("herald-heartbeat-" + interval.toMillis() + "ms").daemon()
                .start(this::loop);
    }

    private void loop() {
        while (!stopped) {
            LockSupport.parkNanos(tickNanos);
            Collection<Subscriber> all = hub.subscribers();
            long slice = (long) Math.ceil(all.size() * (double) tickNanos / checkNanos);
            long now = System.nanoTime();
            for (long i = 0; i < slice; i++) {
                if (!cursor.hasNext()) {
                    cursor = all.iterator();
                    if (!cursor.hasNext()) {
                        break;
                    }
                }
                cursor.next().queue().beatIfIdle(now, dueNanos);
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
    }
}
