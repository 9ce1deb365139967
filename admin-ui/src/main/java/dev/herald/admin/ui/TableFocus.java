package dev.herald.admin.ui;

import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/** Keyboard focus in the admin app's tables. */
public final class TableFocus {
    private TableFocus() {
    }

    /**
     * Down with nothing selected selects the first row. JavaFX's focus model stands on the first row from
     * the start (and again after the rows are reloaded), so Down took the second (an operator's hour,
     * twenty-fourth session). Moving the focus before the first row when the table gained focus was not
     * enough: a table focused before its rows came, or reloaded while focused, stood on the first again.
     */
    public static void downSelectsTheFirstRow(TableView<?> table) {
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DOWN && !e.isShiftDown() && !e.isShortcutDown() && !e.isAltDown()
                    && table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
                table.getSelectionModel().select(0);
                table.getFocusModel().focus(0);
                table.scrollTo(0);
                e.consume();
            }
        });
    }
}
