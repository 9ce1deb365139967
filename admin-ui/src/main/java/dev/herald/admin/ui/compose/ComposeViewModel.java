package dev.herald.admin.ui.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.client.NotificationDraft;
import dev.herald.admin.ui.connection.ConnectionViewModel;
import dev.herald.admin.ui.connection.FeedListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The compose form: inputs as writable properties (held by {@link DraftFields}), validation that mirrors the server's and
 * runs as the operator types, and an asynchronous send whose answer (id and recipients) or
 * error lands in {@link #resultProperty()} / {@link #errorProperty()}.
 */
public final class ComposeViewModel implements FeedListener {
    public static final List<String> LEVELS = List.of("info", "success", "warning", "error");

    private final Executor ui;
    private final DraftFields fields;
    private final ReadOnlyIntegerWrapper messageLimit = new ReadOnlyIntegerWrapper(4096);
    private final ReadOnlyStringWrapper charCount = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper overLimit = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canSend = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper lastSentId = new ReadOnlyLongWrapper(-1);
    private volatile HeraldClient client;
    // Send needs a live connection; while there is none the problem line says why.
    private final ReadOnlyBooleanWrapper online = new ReadOnlyBooleanWrapper();
    private String offlineReason = ConnectionViewModel.NOT_CONNECTED;
    private String firstProblem;
    private Runnable onScheduled = () -> { };

    public ComposeViewModel(Executor ui) {
        this(ui, java.time.Clock.systemDefaultZone());
    }

    /** @param clock "now" and the time zone of the send-later picker */
    public ComposeViewModel(Executor ui, java.time.Clock clock) {
        this.ui = ui;
        this.fields = new DraftFields(clock);
        for (Observable o : fields.all()) {
            // An answer or error is about the draft it was given for, not the one being edited now.
            o.addListener(x -> {
                result.set("");
                error.set("");
                validate();
            });
        }
        messageLimit.addListener(x -> validate());
        sending.addListener(x -> validate());
        validate();
    }

    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        this.client = client;
        online.set(true);
        error.set(""); // e.g. "Not connected" from before
        stats(stats);
        validate();
    }

    @Override
    public void connectionLost(String why) {
        online.set(false);
        offlineReason = why;
        validate();
    }

    @Override
    public void stats(JsonNode stats) {
        int limit = stats.path("limits").path("message").asInt(0);
        if (limit > 0) {
            messageLimit.set(limit);
        }
    }

    private void validate() {
        String m = fields.message.get();
        charCount.set(DraftValidator.length(m) + " / " + messageLimit.get());
        overLimit.set(DraftValidator.length(m) > messageLimit.get());
        String p = DraftValidator.problem(m, messageLimit.get(), fields.title.get(), fields.topicList(),
                DraftValidator.split(fields.tags.get()), fields.url.get(), fields.ttl.get());
        if (p == null) {
            p = DraftValidator.usersProblem(DraftValidator.split(fields.users.get()));
        }
        if (p == null && !fields.everyone.get() && fields.topicList().isEmpty()) {
            p = "Name at least one topic, or send to everyone";
        }
        if (p == null) {
            p = fields.schedule.problem();
        }
        // One rule for Send: no connection, no Send, and the problem line says why.
        // No server chosen only when the connection says so: a token refused at start has no client either.
        String offline = online.get() ? null
                : ConnectionViewModel.NOT_CONNECTED.equals(offlineReason) ? "Not connected to a server (Connect… in the header)"
                : "Not connected to the server (" + offlineReason + ")";
        p = p != null ? p : offline;
        firstProblem = p;
        // Before anything is typed only a missing connection is worth a line; else the draft's first problem.
        problem.set(Objects.requireNonNullElse(m.isEmpty() ? offline : p, ""));
        canSend.set(p == null && !sending.get());
    }

    /** The draft as it would be sent now. */
    public NotificationDraft draft() {
        return fields.draft();
    }

    /** Sends when valid (Ctrl+Enter); the answer arrives later on the UI thread. */
    public void send() {
        if (!result.get().isEmpty()) {
            // The form was emptied by that answer and is untouched since (any edit clears it): a held
            // Ctrl+Enter's repeat must not put "Message is required" under "Sent #7".
            return;
        }
        validate();
        HeraldClient c = client;
        if (!canSend.get() || c == null) {
            // Said once: as the error only when the problem line is not already showing it.
            error.set(problem.get().isEmpty() && firstProblem != null ? firstProblem : "");
            return;
        }
        NotificationDraft draft = draft();
        sending.set(true);
        result.set("");
        error.set("");
        java.time.Instant due = fields.schedule.due();
        if (due != null) {
            c.schedule(draft, due).whenComplete((s, failure) -> ui.execute(() -> {
                sending.set(false);
                if (failure != null) {
                    error.set(HeraldException.of(failure).describe());
                } else {
                    // The draft now waits in the Scheduled list; an empty form cannot send it again by accident.
                    clear();
                    result.set("Scheduled " + s.id() + " for " + java.time.format.DateTimeFormatter
                            .ofPattern("yyyy-MM-dd HH:mm").withZone(fields.schedule.zone()).format(s.due()));
                    onScheduled.run();
                }
            }));
            return;
        }
        c.send(draft).whenComplete((sent, failure) -> ui.execute(() -> {
            sending.set(false);
            if (failure != null) {
                error.set(HeraldException.of(failure).describe());
            } else {
                // As after scheduling: a second Ctrl+Enter must not send the same notification again.
                clear();
                lastSentId.set(sent.id());
                result.set("Sent #" + sent.id() + " to " + sent.recipients()
                        + (sent.recipients() == 1 ? " recipient" : " recipients"));
            }
        }));
    }

    /** Fills the form from a stored notification (History's "Edit & resend"). */
    public void load(NotificationDraft d) {
        fields.load(d);
    }

    /** Back to a new draft: everything, including level, audience and send-later. */
    public void clear() {
        fields.clear();
        result.set("");
        error.set("");
    }

    /** The send-later choice. */
    public SchedulePicker schedule() {
        return fields.schedule;
    }

    /** Called on the UI thread after a notification was scheduled (the scheduled list reloads). */
    public void setOnScheduled(Runnable r) {
        onScheduled = r == null ? () -> { } : r;
    }

    public StringProperty messageProperty() {
        return fields.message;
    }

    public StringProperty titleProperty() {
        return fields.title;
    }

    public ObjectProperty<String> levelProperty() {
        return fields.level;
    }

    public BooleanProperty everyoneProperty() {
        return fields.everyone;
    }

    public StringProperty topicsProperty() {
        return fields.topics;
    }

    public StringProperty tagsProperty() {
        return fields.tags;
    }

    public StringProperty usersProperty() {
        return fields.users;
    }

    public StringProperty urlProperty() {
        return fields.url;
    }

    public StringProperty ttlProperty() {
        return fields.ttl;
    }

    public ReadOnlyIntegerProperty messageLimitProperty() {
        return messageLimit.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty charCountProperty() {
        return charCount.getReadOnlyProperty();
    }

    /** The message has more characters (as the server counts them) than the server's limit. */
    public ReadOnlyBooleanProperty overLimitProperty() {
        return overLimit.getReadOnlyProperty();
    }

    /** The first problem with the draft or the connection, empty when fine or before anything is typed. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sendingProperty() {
        return sending.getReadOnlyProperty();
    }

    /** Connected to a server that answers; Send is disabled without it. */
    public ReadOnlyBooleanProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSendProperty() {
        return canSend.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty lastSentIdProperty() {
        return lastSentId.getReadOnlyProperty();
    }
}
