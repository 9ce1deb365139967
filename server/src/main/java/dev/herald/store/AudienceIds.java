package dev.herald.store;

import java.util.Arrays;

/** The ids under one key of an {@link AudienceIndex}, ascending: live in {@code ids[from, to)}. */
final class AudienceIds {
    private long[] ids = new long[4];
    private int from;
    private int to;

    /** These ids (all below this one's) followed by the ones here; for a merge. */
    static AudienceIds before(AudienceIds mine, AudienceIds older) {
        synchronized (older) {
            synchronized (mine) {
                long[] both = new long[older.to - older.from + mine.to - mine.from + 4];
                System.arraycopy(older.ids, older.from, both, 0, older.to - older.from);
                System.arraycopy(mine.ids, mine.from, both, older.to - older.from, mine.to - mine.from);
                mine.to = older.to - older.from + mine.to - mine.from;
                mine.from = 0;
                mine.ids = both;
                return mine;
            }
        }
    }

    synchronized void add(long id) {
        if (to == ids.length) {
            int live = to - from;
            ids = Arrays.copyOfRange(ids, from, from + Math.max(4, live * 2));
            from = 0;
            to = live;
        }
        ids[to++] = id;
    }

    /** True when no id is left. */
    synchronized boolean remove(long id) {
        int i = Arrays.binarySearch(ids, from, to, id);
        if (i >= 0) {
            System.arraycopy(ids, i + 1, ids, i, to - i - 1);
            to--;
        }
        return from == to;
    }

    synchronized boolean removeThrough(long cut) {
        from = firstAbove(cut);
        if (from == to) {
            ids = new long[4];
            from = 0;
            to = 0;
            return true;
        }
        if (from > ids.length / 2) {
            ids = Arrays.copyOfRange(ids, from, Math.max(to, from + 4));
            to -= from;
            from = 0;
        }
        return false;
    }

    synchronized long[] page(long cursor, boolean descending, int max) {
        if (descending) {
            int end = firstAtLeast(cursor);
            return Arrays.copyOfRange(ids, Math.max(from, end - max), end);
        }
        int start = cursor == Long.MAX_VALUE ? to : firstAtLeast(cursor + 1);
        return Arrays.copyOfRange(ids, start, Math.min(to, start + max));
    }

    private int firstAbove(long id) {
        return id == Long.MAX_VALUE ? to : firstAtLeast(id + 1);
    }

    private int firstAtLeast(long id) {
        int i = Arrays.binarySearch(ids, from, to, id);
        return i >= 0 ? i : -i - 1;
    }
}
