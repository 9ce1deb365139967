package dev.herald.admin.ui.dashboard;

import java.time.Instant;

/**
 * One point of the dashboard chart.
 *
 * @param afterGap the first point after the server restarted: no line joins it to the point before
 */
public record StatsPoint(Instant time, int connected, long notificationsPerMinute, boolean afterGap) {
    public StatsPoint(Instant time, int connected, long notificationsPerMinute) {
        this(time, connected, notificationsPerMinute, false);
    }

    StatsPoint gapBefore() {
        return new StatsPoint(time, connected, notificationsPerMinute, true);
    }
}
