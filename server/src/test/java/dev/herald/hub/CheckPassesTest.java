package dev.herald.hub;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat's promise (a stream never stays quiet longer than the interval) on a simulated
 * clock: calls arrive late and irregularly, streams join and leave in bulk, the map resizes and
 * reorders, some streams write on their own. Deterministic (fixed seed, no threads, no sleeping).
 */
class CheckPassesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long INTERVAL = 50 * SECOND;
    private static final long CHECK = INTERVAL / 8;
    private static final long TICK = SECOND;

    private static final class Stream {
        long last;
        int beats;

        Stream(long now) {
            last = now;
        }
    }

    @Test
    void noStreamStaysQuietLongerThanTheIntervalWhileStreamsComeAndGo() {
        long due = Heartbeat.dueAfter(INTERVAL, CHECK, TICK);
        ConcurrentHashMap<Integer, Stream> streams = new ConcurrentHashMap<>();
        Random rnd = new Random(8);
        int nextId = 0;
        for (; nextId < 500; nextId++) {
            streams.put(nextId, new Stream(0));
        }
        CheckPasses<Stream> passes = new CheckPasses<>(CHECK, streams::values, 0);
        long now = 0;
        long worstQuiet = 0;
        List<Long> beatGaps = new ArrayList<>();
        for (int step = 0; step < 4_000; step++) {
            now += TICK + rnd.nextLong(TICK); // a tick is late by up to one more tick
            if (step % 300 == 17) {
                // A reconnect wave: thousands join at once (the map resizes and reorders its bins).
                for (int i = 0; i < 6_000; i++, nextId++) {
                    streams.put(nextId, new Stream(now));
                }
            } else if (step % 300 == 150) {
                streams.keySet().removeIf(id -> rnd.nextInt(10) != 0); // nine in ten leave
            } else {
                for (int i = 0; i < 20; i++, nextId++) {
                    streams.put(nextId, new Stream(now));
                }
                streams.keySet().removeIf(id -> rnd.nextInt(200) == 0);
            }
            for (Stream s : streams.values()) {
                if (rnd.nextInt(500) == 0) {
                    s.last = now; // an event was written
                }
            }
            long t = now;
            passes.advance(t, s -> {
                if (t - s.last >= due) {
                    beatGaps.add(t - s.last);
                    s.last = t;
                    s.beats++;
                }
            });
            for (Stream s : streams.values()) {
                worstQuiet = Math.max(worstQuiet, now - s.last);
            }
        }
        assertThat(worstQuiet).as("longest quiet stretch of any stream").isLessThanOrEqualTo(INTERVAL);
        assertThat(beatGaps).as("heartbeats were sent").hasSizeGreaterThan(10_000)
                .allSatisfy(gap -> assertThat(gap).isBetween(due, INTERVAL));
        double meanGap = beatGaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(meanGap / SECOND).as("mean seconds between heartbeats: close to due, not to the interval")
                .isBetween(due / (double) SECOND, due / (double) SECOND + CHECK / (double) SECOND + 2);
    }

    @Test
    void afterAStallEveryItemIsCheckedWithinOnePassAndPassesDoNotRace() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(i);
        }
        CheckPasses<Integer> passes = new CheckPasses<>(CHECK, () -> items, 0);
        List<Integer> checked = new ArrayList<>();
        passes.advance(CHECK / 2, checked::add);
        assertThat(checked).as("half way through the first pass").hasSize(50);
        checked.clear();
        // The process stalls for five periods: one catch-up of the unfinished pass, then a fresh pass from now.
        long after = CHECK / 2 + 5 * CHECK;
        passes.advance(after, checked::add);
        assertThat(checked).as("the rest of the old pass, not five passes in a burst").hasSize(50);
        checked.clear();
        passes.advance(after + CHECK, checked::add);
        assertThat(checked).as("one period later every item was checked once").hasSize(100).doesNotHaveDuplicates();
    }
}
