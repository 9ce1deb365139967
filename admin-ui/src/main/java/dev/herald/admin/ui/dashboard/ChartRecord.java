package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the chart's points join a reconnect's history from the same server. The server's history
 * covers its own lifetime only: after a restart, taking it alone discarded everything before, the
 * stretch an operator would want to look at (twenty-first session's tester).
 */
final class ChartRecord {
    private ChartRecord() {
    }

    /**
     * The points drawn before the reconnect that the server's history does not cover, then the history.
     * When the server started after the last of them (a restart, not a dropped connection), the first
     * point of the history is marked {@link StatsPoint#afterGap()}: the time it was down is left blank.
     */
    static List<StatsPoint> rejoined(List<StatsPoint> before, List<StatsPoint> history, JsonNode stats) {
        Instant from = history.isEmpty() ? Instant.MAX : history.getFirst().time();
        List<StatsPoint> out = new ArrayList<>(before.stream().filter(p -> p.time().isBefore(from)).toList());
        if (history.isEmpty()) {
            return out;
        }
        Instant started = stats.hasNonNull("startedAt") ? Instant.parse(stats.get("startedAt").asText()) : null;
        boolean restarted = !out.isEmpty() && started != null && out.getLast().time().isBefore(started);
        out.add(restarted ? history.getFirst().gapBefore() : history.getFirst());
        out.addAll(history.subList(1, history.size()));
        return out;
    }
}
