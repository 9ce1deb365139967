package dev.herald.admin.ui;

/** Counts as people read them: with the grouping of the operator's locale (12,345 or 12.345). */
public final class Numbers {
    private Numbers() {
    }

    /** The whole number with the default format locale's thousands separators. */
    public static String of(Number n) {
        return String.format("%,d", n.longValue());
    }
}
