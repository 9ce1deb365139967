package dev.herald.admin.ui.history;

import java.util.ArrayList;
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
}
