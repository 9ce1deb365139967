package dev.herald.admin.ui.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A chart's line in words: the latest value and the range of the points shown. */
class ChartWordsTest {
    @Test
    void theLatestValueAndTheRange() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        try {
            Instant t = Instant.parse("2026-11-28T03:00:00Z");
            List<StatsPoint> points = List.of(new StatsPoint(t, 3, 1200), new StatsPoint(t.plusSeconds(10), 12, 0),
                    new StatsPoint(t.plusSeconds(20), 7, 40));
            assertThat(ChartWords.of("Connected clients", points, StatsPoint::connected))
                    .isEqualTo("Connected clients: latest 7, lowest 3, highest 12");
            assertThat(ChartWords.of("Notifications per minute", points, StatsPoint::notificationsPerMinute))
                    .isEqualTo("Notifications per minute: latest 40, lowest 0, highest 1,200");
            assertThat(ChartWords.of("Connected clients", points.subList(0, 1), StatsPoint::connected))
                    .isEqualTo("Connected clients: latest 3, the same throughout");
            assertThat(ChartWords.of("Connected clients", List.of(), StatsPoint::connected))
                    .isEqualTo("Connected clients: no data yet");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }
}
