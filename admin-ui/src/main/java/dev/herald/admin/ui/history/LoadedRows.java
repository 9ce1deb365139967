package dev.herald.admin.ui.history;

import dev.herald.admin.ui.Numbers;
import dev.herald.admin.ui.client.NotificationPage;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The rows History holds, newest first and at most {@code maxRows}, with what is known past them:
 * whether the server holds older ones, whether a Load older is under way, the line that says how many
 * are loaded, and the run they belong to (a Load older answer asked for in an earlier run would leave
 * a gap, so it is dropped). {@link HistoryPages} works out the merges; this keeps their outcome. UI
 * thread only.
 */
final class LoadedRows {
    private final ObservableList<NotificationRow> rows = FXCollections.observableArrayList();
    private final ObservableList<NotificationRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    // The server holds older notifications than the oldest row loaded.
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loadingOlder = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final int maxRows;
    private int run;
    // Times the list started over: a Refresh read before that would put its rows below a gap.
    private int startedOver;

    LoadedRows(int maxRows) {
        this.maxRows = maxRows;
    }

    /** The rows themselves, for the view model's merges and counts (the view gets {@link #view()}). */
    ObservableList<NotificationRow> list() {
        return rows;
    }

    ObservableList<NotificationRow> view() {
        return rowsView;
    }

    int maxRows() {
        return maxRows;
    }

    boolean full() {
        return rows.size() >= maxRows;
    }

    int run() {
        return run;
    }

    int startedOver() {
        return startedOver;
    }

    /** Puts a reload's rows in, cut to the cap; whether it cut any. */
    boolean keep(List<NotificationRow> merged) {
        boolean trimmed = merged.size() > maxRows;
        if (trimmed) {
            run++; // an older page on its way was asked for below rows that just left: it would leave a gap
            loadingOlder.set(false);
        }
        HistoryPages.update(rows, trimmed ? merged.subList(0, maxRows) : merged);
        return trimmed;
    }

    /** Only these rows now: what lay below them is unknown (another server, or a gap). */
    void startOver(List<NotificationRow> newest, boolean olderOnServer) {
        run++;
        startedOver++;
        loadingOlder.set(false);
        rows.setAll(newest);
        hasMore.set(olderOnServer);
        summarize();
    }

    /** Appends a Load older page below the rows, up to the cap. */
    void appendOlder(NotificationPage page) {
        loadingOlder.set(false);
        List<NotificationRow> older = HistoryPages.olderThanLoaded(rows, HistoryPages.newestFirst(page));
        rows.addAll(older.subList(0, Math.min(older.size(), maxRows - rows.size())));
        hasMore.set(page.hasMore());
        summarize();
    }

    /** Takes out a retracted row (below the newest page a reload would not). */
    void remove(long id) {
        if (rows.removeIf(r -> r.id() == id)) {
            summarize();
        }
    }

    boolean contains(long id) {
        return rows.stream().anyMatch(r -> r.id() == id);
    }

    void setHasMore(boolean older) {
        hasMore.set(older);
    }

    void setLoadingOlder(boolean on) {
        loadingOlder.set(on);
    }

    // "200 loaded · older ones on the server": what the table and Export CSV hold.
    void summarize() {
        int n = rows.size();
        String count = Numbers.of(n) + (n == 1 ? " notification" : " notifications");
        summary.set(n == 0 ? "" : hasMore.get() ? count + " loaded, newest first · older ones on the server"
                : "All " + count + " loaded");
    }

    ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty loadingOlderProperty() {
        return loadingOlder.getReadOnlyProperty();
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
