package dev.herald.admin.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

/**
 * What an empty table says: "none" only while its rows are live. With the token refused or the server
 * down nothing could be read, so an empty table then means "unknown" (it said "No notifications yet"
 * though the server held 462).
 */
public final class EmptyTable {
    public static final String NOT_CONNECTED = "Not connected";

    private EmptyTable() {
    }

    /** Gives {@code table} a placeholder reading {@code none} while {@code live}, else "Not connected". */
    public static Label says(TableView<?> table, ObservableValue<Boolean> live, String none) {
        Label empty = new Label();
        empty.textProperty().bind(live.map(isLive -> isLive ? none : NOT_CONNECTED));
        table.setPlaceholder(empty);
        return empty;
    }
}
