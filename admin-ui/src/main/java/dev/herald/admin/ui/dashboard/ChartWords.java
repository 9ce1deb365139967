package dev.herald.admin.ui.dashboard;

import dev.herald.admin.ui.Numbers;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A chart's line in words, for screen readers (a chart has no text of its own to read): the latest value
 * and the range over the points shown.
 */
final class ChartWords {
    private ChartWords() {
    }

    static String of(String name, List<StatsPoint> points, ToLongFunction<StatsPoint> value) {
        if (points.isEmpty()) {
            return name + ": no data yet";
        }
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (StatsPoint p : points) {
            low = Math.min(low, value.applyAsLong(p));
            high = Math.max(high, value.applyAsLong(p));
        }
        long latest = value.applyAsLong(points.getLast());
        return name + ": latest " + Numbers.of(latest)
                + (low == high ? ", the same throughout" : ", lowest " + Numbers.of(low) + ", highest " + Numbers.of(high));
    }
}
