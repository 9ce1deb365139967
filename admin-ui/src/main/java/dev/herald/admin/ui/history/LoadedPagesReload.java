package dev.herald.admin.ui.history;

import dev.herald.admin.ui.client.HeraldClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What Refresh reads: every page from the newest down to the oldest row loaded, so rows below the
 * newest page are fresh too (a reload on each send reads only the newest page, and would leave a
 * notification retracted by another operator listed). Bounded by the rows the table keeps: at most
 * 10,000 / {@link #PAGE} requests, one after the other.
 */
final class LoadedPagesReload {
    /** The most GET /admin/notifications answers at once. */
    static final int PAGE = 500;

    /**
     * @param rows          newest first, ids from {@code coveredDownTo} up: all the server held there
     * @param coveredDownTo loaded rows below it were not read again
     * @param olderOnServer whether the server holds notifications older than the oldest of {@code rows}
     */
    record Fresh(List<NotificationRow> rows, long coveredDownTo, boolean olderOnServer) {
    }

    private LoadedPagesReload() {
    }

    /** Reads from the newest down to {@code downTo}, or until {@code maxRows} are read. */
    static CompletableFuture<Fresh> read(HeraldClient client, long downTo, int maxRows) {
        return next(client, null, downTo, maxRows, new ArrayList<>());
    }

    private static CompletableFuture<Fresh> next(HeraldClient client, Long before, long downTo, int maxRows,
                                                 List<NotificationRow> read) {
        return client.notifications(PAGE, before).thenCompose(page -> {
            List<NotificationRow> rows = HistoryPages.newestFirst(page);
            rows.stream().filter(r -> r.id() >= downTo).forEach(read::add);
            boolean reached = rows.isEmpty() || rows.getLast().id() <= downTo || !page.hasMore();
            if (reached) {
                boolean older = page.hasMore() || !rows.isEmpty() && rows.getLast().id() < downTo;
                return CompletableFuture.completedFuture(new Fresh(read, downTo, older));
            }
            if (read.size() >= maxRows) { // more arrived than the table keeps: the rest would be cut anyway
                return CompletableFuture.completedFuture(new Fresh(read, read.getLast().id(), true));
            }
            return next(client, rows.getLast().id(), downTo, maxRows, read);
        });
    }
}
