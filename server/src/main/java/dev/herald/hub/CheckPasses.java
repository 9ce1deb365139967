package dev.herald.hub;

import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Spreads a periodic check of many items evenly over time: each pass walks a snapshot of the items
 * taken when it starts and takes exactly one period, item {@code i} of {@code n} being due
 * {@code i/n} of the way in. {@link #advance} checks whatever has come due, so it can be called at
 * any rate (a coarser rate checks more at once). Two checks of one item are therefore less than two
 * periods plus one call spacing apart, whatever the items do between passes: items joining or
 * leaving, or a ConcurrentHashMap resize reordering them, can only move an item within a pass.
 * Passes are laid end to end on the clock, so a late call does not delay later passes.
 */
final class CheckPasses<T> {
    private final long periodNanos;
    private final Supplier<? extends Collection<T>> items;
    private Object[] pass;
    private int done;
    private long passStart;

    CheckPasses(long periodNanos, Supplier<? extends Collection<T>> items, long now) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be > 0");
        }
        this.periodNanos = periodNanos;
        this.items = items;
        this.pass = items.get().toArray();
        this.passStart = now;
    }

    /** Checks every item whose time in the current pass has come, starting new passes as they are due. */
    @SuppressWarnings("unchecked")
    void advance(long now, Consumer<? super T> check) {
        while (true) {
            long elapsed = now - passStart;
            int target = elapsed >= periodNanos ? pass.length : (int) (pass.length * (double) elapsed / periodNanos);
            for (; done < target; done++) {
                T item = (T) pass[done];
                pass[done] = null; // a stream that has left is not kept alive by the snapshot
                check.accept(item);
            }
            if (elapsed < periodNanos) {
                return;
            }
            // A whole period behind (the process stalled): start afresh instead of racing through passes.
            passStart = elapsed >= 2 * periodNanos ? now : passStart + periodNanos;
            pass = items.get().toArray();
            done = 0;
        }
    }
}
