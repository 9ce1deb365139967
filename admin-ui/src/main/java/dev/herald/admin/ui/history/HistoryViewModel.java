package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.connection.ReloadingFeed;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Recent notifications, newest first, with recipients and delivered counts. Reloads on connect
 * and whenever the stats feed reports a new latest id, so it follows sends from anywhere.
 */
public final class HistoryViewModel extends ReloadingFeed {
    public static final int PAGE = 200;

    private final Executor ui;
    private final ObservableList<NotificationRow> rows = FXCollections.observableArrayList();
    private final ObservableList<NotificationRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final javafx.beans.property.ReadOnlyObjectWrapper<ReceiptDetail> detail =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();

    // The notification whose detail is wanted (-1: none); a load that finishes for another is dropped.
    private long detailFor = -1;
    // The message is a failed load: the next successful one makes it untrue, so it goes.
    private boolean messageIsLoadError;

    public HistoryViewModel(Executor ui) {
        this.ui = ui;
    }

    /** What a retract, resend or cancel did was about the connection that is gone: it goes too. */
    @Override
    public void connectionLost(String why) {
        message.set("");
        messageIsLoadError = false;
    }

    @Override
    public void refresh() {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        loading.set(true);
        c.notifications(PAGE).whenComplete((list, error) -> ui.execute(() -> {
            loading.set(false);
            if (error != null) {
                message.set("Could not load the history: " + HeraldException.of(error).describe());
                messageIsLoadError = true;
                return;
            }
            if (messageIsLoadError) {
                message.set(""); // stayed after the list was fresh again (a hiccup of a proxy or a busy server)
                messageIsLoadError = false;
            }
            List<NotificationRow> loaded = list.stream().map(NotificationRow::of)
                    .sorted(Comparator.comparingLong(NotificationRow::id).reversed()).toList();
            rows.setAll(loaded);
            // Retracted or pruned: its detail line would describe a row that is gone.
            if (detailFor != -1 && loaded.stream().noneMatch(r -> r.id() == detailFor)) {
                clearDetail();
            }
        }));
    }

    /** Sends the same notification again (a new id); the answer shows in the message line. */
    public void resend(NotificationRow row) {
        HeraldClient c = client();
        if (c == null || row == null) {
            return;
        }
        message.set("Resending #" + row.id() + "…");
        messageIsLoadError = false;
        c.send(row.draft()).whenComplete((sent, error) -> ui.execute(() -> {
            if (error != null) {
                message.set("Resend of #" + row.id() + " failed: " + HeraldException.of(error).describe());
            } else {
                message.set("Resent #" + row.id() + " as #" + sent.id() + " to " + sent.recipients()
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
        ReceiptDetail d = detail.get();
        if (d != null && d.id() == id) {
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
            message.set(error != null ? "Retract of #" + row.id() + " failed: " + HeraldException.of(error).describe()
                    : "Retracted #" + row.id());
            messageIsLoadError = false;
            refresh();
        }));
    }

    /** No row selected: no detail. */
    public void clearDetail() {
        detailFor = -1;
        detail.set(null);
    }

    /** Loads who received and saw a notification into {@link #detailProperty()}. */
    public void loadDetail(long id) {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        detailFor = id;
        c.notification(id).whenComplete((n, error) -> ui.execute(() -> {
            if (id != detailFor) {
                return; // the selection moved on or was cleared while this was loading
            }
            if (error != null) {
                message.set("Details of #" + id + ": " + HeraldException.of(error).describe());
                return;
            }
            detail.set(ReceiptDetail.of(n));
        }));
    }

    /** The rows as CSV, in the order shown (newest first). */
    public String csv() {
        return HistoryCsv.of(rows);
    }

    /** Writes {@link #csv()} to a file; the outcome shows in the message line. */
    public void exportCsv(java.nio.file.Path file) {
        messageIsLoadError = false; // its outcome is not a load error
        try {
            java.nio.file.Files.writeString(file, csv(), java.nio.charset.StandardCharsets.UTF_8);
            message.set("Exported " + rows.size() + " notifications to " + file.getFileName());
        } catch (java.io.IOException e) {
            message.set("Export failed: " + e.getMessage());
        }
    }

    public javafx.beans.property.ReadOnlyObjectProperty<ReceiptDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ObservableList<NotificationRow> rows() {
        return rowsView;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
