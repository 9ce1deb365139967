package dev.herald.admin;

import dev.herald.hub.HubStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One sample of the hub counters per second for the last 15 minutes: per-minute rates come from
 * the sample a minute back, and the dashboard chart is seeded from it. Memory only.
 */
final class StatsHistory {
    static final Duration SPAN = Duration.ofMinutes(15);

    record Sample(Instant time, HubStats stats) {
    }

    /** Counter increase over the last minute (or since the first sample when younger). */
    record Rates(long notifications, long deliveries, long connects, long dropped) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    synchronized void add(Instant time, HubStats stats) {
        samples.addLast(new Sample(time, stats));
        Instant oldest = time.minus(SPAN);
        while (!samples.isEmpty() && samples.peekFirst().time().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    synchronized Rates perMinute(Instant now, HubStats current) {
        HubStats base = at(now.minusSeconds(60));
        return base == null ? new Rates(0, 0, 0, 0) : rates(base, current);
    }

    /** The counters of the first sample at or after the instant, or null when there is none. */
    synchronized HubStats at(Instant time) {
        for (Sample s : samples) {
            if (!s.time().isBefore(time)) {
                return s.stats();
            }
        }
        return null;
    }

    /** Samples every {@code step} over the span, each with its per-minute rates, oldest first. */
    synchronized List<Sample> every(Duration step) {
        List<Sample> out = new ArrayList<>();
        Instant next = Instant.MIN;
        for (Iterator<Sample> it = samples.iterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (!s.time().isBefore(next) || !it.hasNext()) {
                out.add(s);
                next = s.time().plus(step);
            }
        }
        return out;
    }

    static Rates rates(HubStats from, HubStats to) {
        return new Rates(to.published() - from.published(), to.deliveries() - from.deliveries(),
                to.connects() - from.connects(), to.dropped() - from.dropped());
    }
}
