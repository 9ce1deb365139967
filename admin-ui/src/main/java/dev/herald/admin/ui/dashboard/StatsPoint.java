package dev.herald.admin.ui.dashboard;

import java.time.Instant;

/** One point of the dashboard chart. */
public record StatsPoint(Instant time, int connected, long notificationsPerMinute) {
}
