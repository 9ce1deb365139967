package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.connection.FeedListener;
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
public final class HistoryViewModel implements FeedListener {
    public static final int PAGE = 200;

    private final Executor ui;
    private final ObservableList<NotificationRow> rows = FXCollections.observableArrayList();
    private final ObservableList<NotificationRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private HeraldClient client;
    private long seenLatest = -1;

    public HistoryViewModel(Executor ui) {
        this.ui = ui;
    }

    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        this.client = client;
        seenLatest = stats.path("latestId").asLong(-1);
        refresh();
    }

    @Override
    public void stats(JsonNode stats) {
        long latest = stats.path("latestId").asLong(-1);
        if (latest != seenLatest) {
            seenLatest = latest;
            refresh();
        }
    }

    public void refresh() {
        HeraldClient c = client;
        if (c == null) {
            return;
        }
        loading.set(true);
        c.notifications(PAGE).whenComplete((list, error) -> ui.execute(() -> {
            loading.set(false);
            if (error != null) {
                message.set(HeraldException.of(error).describe());
                return;
            }
            List<NotificationRow> loaded = list.stream().map(NotificationRow::of)
                    .sorted(Comparator.comparingLong(NotificationRow::id).reversed()).toList();
            rows.setAll(loaded);
        }));
    }

    /** Sends the same notification again (a new id); the answer shows in the message line. */
    public void resend(NotificationRow row) {
        HeraldClient c = client;
        if (c == null || row == null) {
            return;
        }
        message.set("Resending #" + row.id() + "…");
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
