package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.Numbers;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The dashboard's two tables: subscribers per topic and connections per signed-in user, busiest
 * first, each with a note when the server lists only the busiest ("The 100 busiest of 5,231 topics").
 */
final class Breakdowns {
    private final ObservableList<TopicCount> topics = FXCollections.observableArrayList();
    private final ObservableList<UserCount> users = FXCollections.observableArrayList();
    // Made once: a fresh wrapper per call would be garbage-collected with the listeners added to it.
    private final ObservableList<TopicCount> topicsView = FXCollections.unmodifiableObservableList(topics);
    private final ObservableList<UserCount> usersView = FXCollections.unmodifiableObservableList(users);
    private final ReadOnlyStringWrapper topicsNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper usersNote = new ReadOnlyStringWrapper("");

    /** Takes the tables from a stats document; a table is only replaced when its rows changed. */
    void update(JsonNode s) {
        List<TopicCount> rows = new ArrayList<>();
        s.path("topics").properties().forEach(e -> rows.add(new TopicCount(e.getKey(), e.getValue().asInt())));
        rows.sort(Comparator.comparingInt(TopicCount::subscribers).reversed().thenComparing(TopicCount::topic));
        if (!rows.equals(topics)) {
            topics.setAll(rows);
        }
        List<UserCount> userRows = new ArrayList<>();
        s.path("users").properties().forEach(e -> userRows.add(new UserCount(e.getKey(), e.getValue().asInt())));
        userRows.sort(Comparator.comparingInt(UserCount::connections).reversed().thenComparing(UserCount::user));
        if (!userRows.equals(users)) {
            users.setAll(userRows);
        }
        topicsNote.set(listedNote(rows.size(), s.path("topicCount").asInt(rows.size()), "topics"));
        usersNote.set(listedNote(userRows.size(), s.path("userCount").asInt(userRows.size()), "users"));
    }

    /** Not live: the tables would list clients that may be long gone. */
    void clear() {
        topics.clear();
        users.clear();
        topicsNote.set("");
        usersNote.set("");
    }

    static String listedNote(int listed, int total, String what) {
        return total > listed
                ? "The " + Numbers.of(listed) + " busiest of " + Numbers.of(total) + " " + what
                : "";
    }

    ObservableList<TopicCount> topics() {
        return topicsView;
    }

    ObservableList<UserCount> users() {
        return usersView;
    }

    ReadOnlyStringProperty topicsNoteProperty() {
        return topicsNote.getReadOnlyProperty();
    }

    ReadOnlyStringProperty usersNoteProperty() {
        return usersNote.getReadOnlyProperty();
    }
}
