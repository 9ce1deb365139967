package dev.herald.admin.ui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A column {@link FitColumn} widens takes its width from the others, not from beyond the table's right
 * edge: setting a column's width does not run a constrained policy again (only a change of the width the
 * columns share does, {@code TableView.setContentWidth}), which pushed Clients' Queue column out of sight
 * in an Xvfb screenshot.
 */
@ExtendWith(ApplicationExtension.class)
class FitColumnTest {
    private TableView<String> table;
    private TableColumn<String, String> id;
    private TableColumn<String, String> where;
    private TableColumn<String, String> queue;

    private static TableColumn<String, String> column(String name) {
        TableColumn<String, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue()));
        c.setPrefWidth(100);
        return c;
    }

    @Start
    void start(Stage stage) {
        table = new TableView<>();
        id = column("Id");
        where = column("Where");
        queue = column("Queue");
        table.getColumns().addAll(List.of(id, where, queue));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        FitColumn.toLongest(table, id, s -> s, 60);
        // Fixed size, a row from the start and too few for a scroll bar: nothing else changes the width
        // the columns share, which would run the policy anyway. The first row does (seen: the policy ran
        // from setContentWidth in the layout after it), as would a vertical scroll bar coming; the Clients
        // tests widen the column with the first rows, likely why none failed there without the rerun.
        table.getItems().add("s-1");
        stage.setScene(new Scene(new StackPane(table), 500, 300));
        stage.show();
    }

    @Test
    void aWidenedColumnStaysWithinTheTable(FxRobot robot) {
        double before = WaitForAsyncUtils.waitForAsyncFx(10_000, () -> id.getWidth() + where.getWidth() + queue.getWidth());
        robot.interact(() -> table.getItems().add("k3x9q2mz-1234-f2m9c0xe-a-very-long-connection-id"));
        WaitForAsyncUtils.waitForFxEvents();
        double widths = WaitForAsyncUtils.waitForAsyncFx(10_000, () -> id.getWidth() + where.getWidth() + queue.getWidth());
        assertThat(id.getWidth()).as("fitted to the long id").isGreaterThan(250);
        assertThat(widths).as("the columns still share the width they had (the last one not pushed out)")
                .isCloseTo(before, org.assertj.core.data.Offset.offset(2.0));
        assertThat(queue.getWidth()).as("Queue still shown").isGreaterThanOrEqualTo(queue.getMinWidth());
    }
}
