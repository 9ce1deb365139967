package dev.herald.admin.ui.dashboard;

/**
 * A count axis from 0: whole-number ticks of 1, 2 or 5 times a power of ten, at most five of them,
 * and room above the highest value so its line never runs along the top edge.
 *
 * @param upper the axis' top
 * @param tick  the distance between labelled ticks
 */
public record ChartScale(long upper, long tick) {

    /** The scale for values from 0 to {@code max}. */
    public static ChartScale fitting(long max) {
        long tick = nice(Math.max(1, max) / 4.0);
        return new ChartScale((Math.max(0, max) / tick + 1) * tick, tick);
    }

    // The smallest 1, 2 or 5 times a power of ten that is at least x (and at least 1).
    private static long nice(double x) {
        long power = 1;
        while (power * 10 <= x) {
            power *= 10;
        }
        for (long step : new long[] {1, 2, 5, 10}) {
            if (step * power >= x) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
