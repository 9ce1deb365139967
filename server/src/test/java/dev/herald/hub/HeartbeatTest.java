package dev.herald.hub;

import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import dev.herald.store.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The ticker checks a slice of the streams per tick; every idle stream still gets its heartbeat within the interval. */
class HeartbeatTest {

    @Test
    void everyIdleStreamGetsOneHeartbeatPerIntervalWhenChecksAreSpreadOverTicks() throws Exception {
        Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(100, null)), 8, Clock.systemUTC());
        Map<String, List<Long>> beats = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Subscriber s = hub.subscribe(new ConnectionInfo(Set.of("all"), null, "127.0.0.1", "test", Instant.now()));
            List<Long> times = new CopyOnWriteArrayList<>();
            beats.put(s.id(), times);
            // A writer that records each heartbeat and runs until the queue is idle, as a stream's does.
            s.queue().start(() -> {
                List<StoredEvent> batch = new ArrayList<>();
                while (s.queue().next(batch) == EventQueue.Next.WORK) {
                    times.add(System.nanoTime());
                }
            });
        }
        // Interval 800 ms: each stream checked every 100 ms, spread over 50 ms ticks; due after 500 ms
        // quiet (800 - 2 checks - 2 ticks), so beats come 500-650 ms apart on a quiet machine.
        Duration interval = Duration.ofMillis(800);
        try (Heartbeat ticker = new Heartbeat(hub, interval, Duration.ofMillis(50))) {
            Thread.sleep(2_900);
        }
        for (List<Long> times : beats.values()) {
            assertThat(times).as("one heartbeat every 500-650 ms in 2.9 s").hasSizeBetween(3, 6);
            List<Double> gapsMs = new ArrayList<>();
            gapsMs.add((times.getFirst() - start) / 1e6);
            for (int i = 1; i < times.size(); i++) {
                gapsMs.add((times.get(i) - times.get(i - 1)) / 1e6);
            }
            // Never before 500 ms quiet; the upper bound (the interval) is proven on a simulated clock
            // in CheckPassesTest, here it only gets slack for a loaded machine's thread scheduling.
            assertThat(gapsMs).allSatisfy(ms -> assertThat(ms).isBetween(495.0, 1_100.0));
        }
        hub.close();
    }
}
