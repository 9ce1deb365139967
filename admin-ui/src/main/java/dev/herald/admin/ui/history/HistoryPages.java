package dev.herald.admin.ui.history;

import dev.herald.admin.ui.client.NotificationPage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a page of history joins the rows already loaded (all newest first), so that reloads and
 * Load older neither repeat nor lose a row.
 */
final class HistoryPages {
    /** The most rows kept: past it the oldest leave as new ones arrive (Load older brings them back). */
    static final int MAX_ROWS = 10_000;

    private HistoryPages() {
    }

    /**
     * The loaded rows with a reload's newest page put in. The page replaces every loaded row from its
     * oldest id up (retracted ones go, counts are fresh); older loaded rows stay below it.
     *
     * @param olderOnServer the server's {@code hasMore}: false means the page is the whole log
     * @return null when the page does not reach back to the loaded rows (more arrived than a page holds,
     * e.g. while disconnected): what lies between them is unknown
     */
    static List<NotificationRow> withNewest(List<NotificationRow> loaded, List<NotificationRow> page,
                                            boolean olderOnServer) {
        if (!olderOnServer || loaded.isEmpty() || page.isEmpty()) {
            return page;
        }
        long pageOldest = page.getLast().id();
        if (loaded.getFirst().id() < pageOldest) {
            return null;
        }
        List<NotificationRow> out = new ArrayList<>(page);
        for (NotificationRow r : loaded) {
            if (r.id() < pageOldest) {
                out.add(r);
            }
        }
        return out;
    }

    /** The rows of an older page that go after the loaded ones (none already loaded, none newer). */
    static List<NotificationRow> olderThanLoaded(List<NotificationRow> loaded, List<NotificationRow> page) {
        long oldest = loaded.isEmpty() ? Long.MAX_VALUE : loaded.getLast().id();
        return page.stream().filter(r -> r.id() < oldest).toList();
    }

    /**
     * The loaded rows with Refresh's fresh copy of them put in (see {@link LoadedPagesReload}): retracted
     * ones go, counts are the server's. Rows that came in while it read stay: newer ones from a reload
     * of the newest page, older ones from Load older.
     *
     * @param fresh        newest first: every notification the server held from {@code coveredDownTo} up
     * @param loadedNewest the newest id loaded when Refresh began: a loaded row up to it that is not among
     *                     the fresh ones was retracted; one newer than both came in meanwhile
     */
    static List<NotificationRow> withReloaded(List<NotificationRow> loaded, List<NotificationRow> fresh,
                                              long coveredDownTo, long loadedNewest) {
        long newer = Math.max(loadedNewest, fresh.isEmpty() ? Long.MIN_VALUE : fresh.getFirst().id());
        List<NotificationRow> out = new ArrayList<>();
        loaded.stream().filter(r -> r.id() > newer).forEach(out::add);
        out.addAll(fresh);
        loaded.stream().filter(r -> r.id() < coveredDownTo).forEach(out::add);
        return out;
    }

    /**
     * Makes {@code rows} equal to {@code target} (both newest first, each id once) row by row: a row
     * that stays is kept or replaced in place, so the table keeps its scroll position and selection,
     * where replacing the whole list would change every row at once.
     */
    static void update(List<NotificationRow> rows, List<NotificationRow> target) {
        int i = 0;
        for (NotificationRow want : target) {
            while (i < rows.size() && rows.get(i).id() > want.id()) {
                rows.remove(i); // not on the server any more
            }
            if (i < rows.size() && rows.get(i).id() == want.id()) {
                if (!rows.get(i).equals(want)) {
                    rows.set(i, want);
                }
            } else {
                rows.add(i, want);
            }
            i++;
        }
        if (i < rows.size()) {
            rows.subList(i, rows.size()).clear();
        }
    }

    /** A page's rows, newest first. */
    static List<NotificationRow> newestFirst(NotificationPage page) {
        return page.notifications().stream().map(NotificationRow::of)
                .sorted(Comparator.comparingLong(NotificationRow::id).reversed()).toList();
    }
}
