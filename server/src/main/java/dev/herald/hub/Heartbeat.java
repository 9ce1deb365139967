package dev.herald.hub;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One ticker per hub and heartbeat interval that asks every stream whose queue stayed quiet for
 * most of the interval for a heartbeat, so streams need no timer of their own (see
 * {@link EventQueue}). Each stream is checked once per eighth of the interval, spread evenly over
 * the ticks (at most one a second, {@link CheckPasses}); two checks of a stream are less than two
 * eighths plus one tick apart even while streams come and go, so a stream quiet for the interval
 * minus that (and one more tick of slack for a late wake-up) gets its heartbeat at once. The
 * interval is thus the longest a stream goes without a write, short of scheduling delays under
 * load (a proxy's idle timeout above it is safe); at the 50 s default a heartbeat follows the last
 * write after 35.5-42 s.
 *
 * <p>Why slices: at 19,000 idle streams a full scan every second was 60 % of the server's idle
 * CPU (every check is a cache miss into a queue object, perf in docs/performance.md); an eighth of
 * the interval is as precise as the heartbeat needs, and spreading it avoids a burst of heartbeats.
 */
final class Heartbeat implements AutoCloseable {
    private final long dueNanos;
    private final long tickNanos;
    private final CheckPasses<Subscriber> passes;
    private final Hub hub;
    private final Thread thread;
    private volatile boolean stopped;

    Heartbeat(Hub hub, Duration interval) {
        this(hub, interval, Duration.ofSeconds(1));
    }

    Heartbeat(Hub hub, Duration interval, Duration maxTick) {
        this.hub = hub;
        long intervalNanos = interval.toNanos();
        long checkNanos = Math.max(Duration.ofMillis(5).toNanos(), intervalNanos / 8);
        this.tickNanos = Math.min(checkNanos, maxTick.toNanos());
        this.dueNanos = dueAfter(intervalNanos, checkNanos, tickNanos);
        this.passes = new CheckPasses<>(checkNanos, hub::subscribers, System.nanoTime());
        this.thread = Thread.ofPlatform().name("herald-heartbeat-" + interval.toMillis() + "ms").daemon()
                .start(this::loop);
    }

    /**
     * How long a stream may stay quiet before its heartbeat, so the gap stays within the interval.
     * The half-interval floor only matters below 40 ms (tests), where the 5 ms minimum check would
     * otherwise make a stream due at once after every write.
     */
    static long dueAfter(long intervalNanos, long checkNanos, long tickNanos) {
        return Math.max(intervalNanos / 2, intervalNanos - 2 * checkNanos - 2 * tickNanos);
    }

    private void loop() {
        long nextTick = System.nanoTime();
        while (!stopped) {
            nextTick += tickNanos;
            LockSupport.parkNanos(nextTick - System.nanoTime());
            long now = System.nanoTime();
            if (now - nextTick > tickNanos) {
                nextTick = now; // woke far too late (a stall): do not make up the ticks in a burst
            }
            passes.advance(now, s -> {
                // TokenExpiry's timer runs on the monotonic clock, which stops while the machine is
                // suspended: the wall clock catches a stream that outlived its token that way.
                if (s.info().tokenExpires() == null || !TokenExpiry.ended(s, hub)) {
                    s.queue().beatIfIdle(now, dueNanos);
                }
            });
        }
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
    }
}
