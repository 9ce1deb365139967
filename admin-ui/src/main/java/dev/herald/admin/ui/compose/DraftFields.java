package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.client.NotificationDraft;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Clock;
import java.util.List;

/**
 * What the operator typed into the compose form, as the form's fields hold it, and the draft it makes:
 * filled from a stored notification (Edit &amp; resend), emptied for a new one.
 */
final class DraftFields {
    final StringProperty message = new SimpleStringProperty("");
    final StringProperty title = new SimpleStringProperty("");
    final ObjectProperty<String> level = new SimpleObjectProperty<>("info");
    final BooleanProperty everyone = new SimpleBooleanProperty(true);
    final StringProperty topics = new SimpleStringProperty("");
    final StringProperty tags = new SimpleStringProperty("");
    // Empty: everyone on the audience; else only these users' tabs and devices (subscriber token sub).
    final StringProperty users = new SimpleStringProperty("");
    final StringProperty url = new SimpleStringProperty("");
    final StringProperty ttl = new SimpleStringProperty("");
    final SchedulePicker schedule;

    DraftFields(Clock clock) {
        schedule = new SchedulePicker(clock);
    }

    /** Every field, the send-later choice included: a change to any is a new draft. */
    Observable[] all() {
        return new Observable[] {message, title, level, everyone, topics, tags, users, url, ttl,
                schedule.laterProperty(), schedule.dateProperty(), schedule.timeProperty()};
    }

    /** The named topics, none when the audience is everyone. */
    List<String> topicList() {
        return everyone.get() ? List.of() : DraftValidator.split(topics.get());
    }

    NotificationDraft draft() {
        return new NotificationDraft(message.get(), title.get().strip(), level.get(), topicList(),
                DraftValidator.split(tags.get()), url.get().strip(), DraftValidator.parseTtl(ttl.get()),
                DraftValidator.split(users.get()));
    }

    void load(NotificationDraft d) {
        message.set(d.message());
        title.set(d.title() == null ? "" : d.title());
        level.set(d.level() == null ? "info" : d.level());
        List<String> named = d.topics().stream().filter(t -> !t.equals("all")).toList();
        everyone.set(named.isEmpty());
        topics.set(DraftValidator.join(named));
        tags.set(DraftValidator.join(d.tags()));
        users.set(DraftValidator.join(d.users()));
        url.set(d.url() == null ? "" : d.url());
        ttl.set(d.ttl() == null ? "" : String.valueOf(d.ttl()));
    }

    void clear() {
        message.set("");
        title.set("");
        level.set("info");
        everyone.set(true);
        topics.set("");
        tags.set("");
        users.set("");
        url.set("");
        ttl.set("");
        schedule.reset();
    }
}
