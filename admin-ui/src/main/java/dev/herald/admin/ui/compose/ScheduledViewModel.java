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
 * connect, after compose schedules one, when the stats feed shows a new notification (one may just
 * have gone out), and when the feed says the pending ones changed (another operator or the API
 * scheduled or cancelled one).
 */
public final class ScheduledViewModel extends ReloadingFeed {
    /**
     * One waiting notification.
     *
     * @param audience "everyone" or its topics, then any users it is limited to ("ops · user: alice")
     */
    public record Row(String id, Instant due, String title, String message, String audience) {
        static Row of(JsonNode n) {
            JsonNode body = n.path("notification");
            java.util.List<String> topics = names(body, "topic", "topics");
            java.util.List<String> users = names(body, "user", "users");
            String audience = (topics.isEmpty() ? "everyone" : String.join(", ", topics))
                    + (users.isEmpty() ? "" : (users.size() == 1 ? " · user: " : " · users: ") + String.join(", ", users));
            return new Row(n.path("id").asText(), Instant.parse(n.path("due").asText()), body.path("title").asText(""),
                    body.path("message").asText(), audience);
        }

        // The request as it was sent: one name under "topic" / "user", or a list under the plural.
        private static java.util.List<String> names(JsonNode body, String one, String many) {
            java.util.List<String> out = new java.util.ArrayList<>();
            if (body.hasNonNull(one)) {
                out.add(body.get(one).asText());
            }
            body.path(many).forEach(t -> out.add(t.asText()));
            return out;
        }

        /** What an operator checks before cancelling: id, due time, message and audience. */
        public String confirmationText(String due) {
            String m = message.length() > 300 ? message.substring(0, 300) + "…" : message;
            return id + " · due " + due + (title.isEmpty() ? "" : " · " + title) + "\n\n" + m + "\n\nAudience: " + audience;
        }
    }

    private final Executor ui;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    // The message is a failed load: the next successful one makes it untrue, so it goes.
    private boolean messageIsLoadError;
    // Loads may overlap (a feed event during a cancel's reload): only the newest one's answer is shown.
    private long loads;

    public ScheduledViewModel(Executor ui) {
        this.ui = ui;
    }

    /** What a retract, resend or cancel did was about the connection that is gone: it goes too. */
    @Override
    public void connectionLost(String why) {
        super.connectionLost(why);
        message.set("");
        messageIsLoadError = false;
    }

    @Override
    public void scheduledChanged(JsonNode pending) {
        refresh();
    }

    @Override
    public void refresh() {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        long load = ++loads;
        c.scheduled().whenComplete((list, error) -> ui.execute(() -> {
            if (load != loads) {
                return; // a later load is on its way, with a newer list
            }
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
