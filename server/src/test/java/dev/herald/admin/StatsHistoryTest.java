package dev.herald.admin;

import dev.herald.hub.HubStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatsHistoryTest {
    private static HubStats stats(int connected, long published) {
        return new HubStats(connected, published, published * 2, 0, 0, connected);
    }

    @Test
    void perMinuteIsTheIncreaseOverTheLastMinuteAndOldSamplesAge() {
        StatsHistory h = new StatsHistory();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int s = 0; s <= 20 * 60; s++) {
            h.add(t0.plusSeconds(s), stats(s / 60, s / 10)); // one notification every 10 s
        }
        Instant now = t0.plusSeconds(20 * 60);
        StatsHistory.Rates r = h.perMinute(now, stats(20, 120));
        assertThat(r.notifications()).isEqualTo(6);
        assertThat(r.deliveries()).isEqualTo(12);
        assertThat(h.at(t0)).as("older than 15 minutes is gone").isEqualTo(stats(5, 30));
        var points = h.every(Duration.ofSeconds(10));
        assertThat(points).hasSize(91); // 15 minutes every 10 s, both ends included
        assertThat(points.getLast().time()).isEqualTo(now);
    }

    @Test
    void aYoungServerRatesSinceItsFirstSample() {
        StatsHistory h = new StatsHistory();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        h.add(t0, stats(0, 0));
        assertThat(h.perMinute(t0.plusSeconds(5), stats(1, 3)).notifications()).isEqualTo(3);
        assertThat(new StatsHistory().perMinute(t0, stats(1, 3)).notifications()).isZero();
    }
}
