package dev.herald.admin.ui.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.connection.ReloadingFeed;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * Scheduled notifications still waiting on the server, soonest first, with cancel. Reloads on
 * connect, after compose schedules one, and when the stats feed shows a new notification (one
 * may just have gone out).
 */
public final class ScheduledViewModel extends ReloadingFeed {
    /** One waiting notification. */
    public record Row(String id, Instant due, String message, String topics) {
        static Row of(JsonNode n) {
            JsonNode body = n.path("notification");
            java.util.List<String> topics = new java.util.ArrayList<>();
            if (body.hasNonNull("topic")) {
                topics.add(body.get("topic").asText());
            }
            body.path("topics").forEach(t -> topics.add(t.asText()));
            return new Row(n.path("id").asText(), Instant.parse(n.path("due").asText()),
                    body.path("message").asText(), topics.isEmpty() ? "everyone" : String.join(", ", topics));
        }
    }

    private final Executor ui;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    // The message is a failed load: the next successful one makes it untrue, so it goes.
    private boolean messageIsLoadError;

    public ScheduledViewModel(Executor ui) {
        this.ui = ui;
    }

    @Override
    public void refresh() {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        c.scheduled().whenComplete((list, error) -> ui.execute(() -> {
            if (error != null) {
                message.set("Could not load the scheduled list: " + HeraldException.of(error).describe());
                messageIsLoadError = true;
                return;
            }
            if (messageIsLoadError) {
                message.set("");
                messageIsLoadError = false;
            }
            rows.setAll(list.stream().map(Row::of).toList());
        }));
    }

    /** Cancels one before it is sent. */
    public void cancel(Row row) {
        HeraldClient c = client();
        if (c == null || row == null) {
            return;
        }
        c.remove(row.id()).whenComplete((answer, error) -> ui.execute(() -> {
            if (error != null) {
                message.set("Cancel of " + row.id() + " failed: " + HeraldException.of(error).describe());
            } else {
                message.set("Cancelled " + row.id());
            }
            messageIsLoadError = false; // the outcome of the cancel stays until the next action
            refresh();
        }));
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
