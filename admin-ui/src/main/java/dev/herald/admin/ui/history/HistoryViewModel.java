package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.Numbers;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.connection.ReloadingFeed;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Notifications, newest first, with recipients and delivered counts. Reloads the newest page on
 * connect and whenever the stats feed reports a new latest id, so it follows sends from anywhere;
 * {@link #loadOlder()} appends older pages, which reloads keep (see {@link HistoryPages}). The rows
 * and what is known past them are {@link LoadedRows}; this class asks the server and puts the answers in.
 */
public final class HistoryViewModel extends ReloadingFeed {
    public static final int PAGE = 200;

    private final Executor ui;
    private final LoadedRows loaded;
    private final ObservableList<NotificationRow> rows; // loaded's, for the merges
    private final MessageLine message = new MessageLine();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final SelectedDetail detail;
    private HeraldClient rowsFrom; // the server the rows came from
    // Refresh is reading every loaded page.
    private boolean reloadingAll;
    private int connections; // (re)connects so far: Refresh's pages belong to one
    private int loads; // in flight: a refresh may finish inside a Refresh of every page
    private int newestPages; // newest pages put in: one that came during a Refresh is newer than its snapshot

    public HistoryViewModel(Executor ui) {
        this(ui, HistoryPages.MAX_ROWS);
    }

    HistoryViewModel(Executor ui, int maxRows) {
        this.ui = ui;
        this.loaded = new LoadedRows(maxRows);
        this.rows = loaded.list();
        // Not the list's: a list reload that works does not answer it.
        this.detail = new SelectedDetail(ui, message::say);
    }

    /** What a retract, resend or cancel did was about the connection that is gone: it goes too. */
    @Override
    public void connectionLost(String why) {
        super.connectionLost(why);
        message.say("");
    }

    /** Another server (or token) starts the list over: its ids say nothing about the rows loaded. */
    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        if (client != rowsFrom) {
            rowsFrom = client;
            loaded.startOver(List.of(), false);
        }
        connections++;
        reloadingAll = false; // one under way asked the connection that is gone; its answer is dropped
        super.connected(client, stats);
    }

    /**
     * Every loaded page, not only the newest: receipts went unheard while the connection was down, and a
     * restarted server answers its own counts (none, while they are in memory) for every page. Reading only
     * the newest showed "—" there beside the numbers older pages had before the restart (an operator's hour,
     * twenty-fourth session). On a first connect the list is empty, and this is one page.
     */
    @Override
    protected void reloadAfterConnect() {
        reloadAll();
    }

    @Override
    public void refresh() {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        loading.set(++loads > 0);
        c.notifications(PAGE, null).whenComplete((page, error) -> ui.execute(() -> {
            loading.set(--loads > 0);
            if (c != client()) {
                return; // from the server before Connect… to another
            }
            if (loadFailed(error)) {
                return;
            }
            newestPages++;
            List<NotificationRow> newest = HistoryPages.newestFirst(page);
            List<NotificationRow> merged = HistoryPages.withNewest(rows, newest, page.hasMore());
            if (merged == null) {
                loaded.startOver(newest, true); // a gap below the page: Load older fills it again
            } else {
                boolean trimmed = loaded.keep(merged);
                // The page alone (nothing else kept) tells; with older rows kept, what was known of them holds.
                loaded.setHasMore(page.hasMore() && (merged == newest || trimmed || loaded.hasMoreProperty().get()));
            }
            afterReload();
        }));
    }

    /**
     * Refresh: reads again every page loaded, not only the newest ({@link LoadedPagesReload}), so a
     * notification retracted below it goes and the counts there are the server's.
     */
    public void reloadAll() {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        if (rows.size() <= PAGE) {
            refresh(); // a reload of the newest page reads them all
            return;
        }
        if (reloadingAll) {
            return; // a second click while the pages are read would read them all again
        }
        reloadingAll = true;
        int forStart = loaded.startedOver();
        int forConnection = connections;
        long loadedNewest = rows.getFirst().id();
        int newestBefore = newestPages;
        loading.set(++loads > 0);
        LoadedPagesReload.read(c, rows.getLast().id(), loaded.maxRows()).whenComplete((fresh, error) -> ui.execute(() -> {
            loading.set(--loads > 0);
            if (forConnection != connections) {
                return; // read before a reconnect (maybe from the server before its restart); the reconnect reads anew
            }
            reloadingAll = false;
            if (c != client() || forStart != loaded.startedOver()) {
                return; // another server, or the list started over: these rows would leave a gap
            }
            if (loadFailed(error)) {
                return;
            }
            List<NotificationRow> merged = HistoryPages.withReloaded(rows, fresh.rows(), fresh.coveredDownTo(), loadedNewest);
            boolean keptOlder = !merged.isEmpty() && merged.getLast().id() < fresh.coveredDownTo();
            boolean trimmed = loaded.keep(merged);
            loaded.setHasMore(trimmed || (keptOlder ? loaded.hasMoreProperty().get() : fresh.olderOnServer()));
            afterReload();
            if (newestPages != newestBefore) {
                refresh(); // a newest page read after this snapshot was overwritten by it (a retract came back)
            }
        }));
    }

    // A failed load says so in the message line; the next that works takes it away again.
    private boolean loadFailed(Throwable error) {
        if (error != null) {
            message.loadFailed("Could not load the history: " + HeraldException.of(error).describe());
            return true;
        }
        message.loadWorked();
        return false;
    }

    // After a reload: a retracted or pruned row's detail line would describe a row that is gone.
    private void afterReload() {
        if (detail.wanted() != -1 && !loaded.contains(detail.wanted())) {
            detail.clear();
        }
        loaded.summarize();
    }

    /** Appends the page before the oldest row loaded (while {@link #hasMoreProperty()}). */
    public void loadOlder() {
        HeraldClient c = client();
        if (c == null || rows.isEmpty() || !loaded.hasMoreProperty().get() || loaded.loadingOlderProperty().get()) {
            return;
        }
        if (loaded.full()) { // more would leave again at the next reload, unseen
            message.say("The table keeps the newest " + Numbers.of(loaded.maxRows())
                    + "; older ones: GET /admin/notifications?before=" + rows.getLast().id());
            return;
        }
        int forRun = loaded.run();
        loaded.setLoadingOlder(true);
        c.notifications(PAGE, rows.getLast().id()).whenComplete((page, error) -> ui.execute(() -> {
            if (forRun != loaded.run()) {
                return; // the list started over meanwhile: this page would leave a gap above it
            }
            if (error != null) {
                loaded.setLoadingOlder(false);
                message.loadFailed("Could not load older notifications: " + HeraldException.of(error).describe());
                return;
            }
            loaded.appendOlder(page);
        }));
    }

    /** Sends the same notification again (a new id); the answer shows in the message line. */
    public void resend(NotificationRow row) {
        HeraldClient c = client();
        if (c == null || row == null) {
            return;
        }
        message.say("Resending #" + row.id() + "…");
        c.send(row.draft()).whenComplete((sent, error) -> ui.execute(() -> {
            if (error != null) {
                message.say("Resend of #" + row.id() + " failed: " + HeraldException.of(error).describe());
            } else {
                message.say("Resent #" + row.id() + " as #" + sent.id() + " to " + sent.recipients()
                        + (sent.recipients() == 1 ? " recipient" : " recipients"));
                refresh();
            }
        }));
    }

    @Override
    public void receipt(JsonNode counts) {
        long id = counts.path("id").asLong();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() == id) {
                rows.set(i, rows.get(i).withReceipts(counts.path("delivered").asInt(), counts.path("seen").asInt()));
            }
        }
        if (detail.shows(id)) {
            loadDetail(id);
        }
    }

    /** Retracts a sent notification: open pages remove it, replay and history no longer show it. */
    public void retract(NotificationRow row) {
        HeraldClient c = client();
        if (c == null || row == null) {
            return;
        }
        c.remove(String.valueOf(row.id())).whenComplete((answer, error) -> ui.execute(() -> {
            message.say(error != null ? "Retract of #" + row.id() + " failed: " + HeraldException.of(error).describe()
                    : "Retracted #" + row.id());
            if (error == null) {
                loaded.remove(row.id()); // below the newest page a reload would not take it away
            }
            refresh();
        }));
    }

    /** No row selected: no detail. */
    public void clearDetail() {
        detail.clear();
    }

    /** Loads who received and saw a notification into {@link #detailProperty()}. */
    public void loadDetail(long id) {
        HeraldClient c = client();
        if (c != null) {
            detail.load(c, id);
        }
    }

    /** The rows loaded (not the whole log) as CSV, newest first. */
    public String csv() {
        return HistoryCsv.of(rows);
    }

    /** Writes {@link #csv()} to a file; the outcome shows in the message line. */
    public void exportCsv(java.nio.file.Path file) {
        try {
            java.nio.file.Files.writeString(file, csv(), java.nio.charset.StandardCharsets.UTF_8);
            message.say("Exported the " + rows.size() + " loaded notifications to " + file.getFileName());
        } catch (java.io.IOException e) {
            message.say("Export failed: " + e.getMessage());
        }
    }

    public javafx.beans.property.ReadOnlyObjectProperty<ReceiptDetail> detailProperty() {
        return detail.property();
    }

    public ObservableList<NotificationRow> rows() {
        return loaded.view();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.property();
    }

    /** Whether the server holds older notifications than those loaded: Load older has something to do. */
    public ReadOnlyBooleanProperty hasMoreProperty() {
        return loaded.hasMoreProperty();
    }

    public ReadOnlyBooleanProperty loadingOlderProperty() {
        return loaded.loadingOlderProperty();
    }

    /** How many are loaded and whether older ones are on the server; empty with none. */
    public ReadOnlyStringProperty summaryProperty() {
        return loaded.summaryProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
