package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.support.DefaultWindow;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled's message is readable beside the preview at the app's default size: on up to three lines
 * in a column that id and due leave to it (one line of ~25 characters was all it had). No server needed.
 */
@ExtendWith(ApplicationExtension.class)
class ScheduledMessageTest {
    private static final String SHORT = "Maintenance tonight: save your work";
    private DefaultWindow app;

    @Start
    void start(Stage stage) {
        app = DefaultWindow.show(stage, "dev/herald/admin-scheduledtest");
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theMessageWrapsOnUpToThreeLinesBesideTheFittedIdAndDue(FxRobot robot) throws Exception {
        robot.clickOn("#nav-compose");
        @SuppressWarnings("unchecked")
        TableView<ScheduledViewModel.Row> table = robot.lookup("#scheduled-table").queryAs(TableView.class);
        Instant due = Instant.now().plusSeconds(3600);
        String longMessage = "The database moves to new hardware tonight. ".repeat(10);
        robot.interact(() -> table.setItems(FXCollections.observableArrayList(List.of(
                new ScheduledViewModel.Row("s-1", due, "Heads-up", SHORT, "ops"),
                new ScheduledViewModel.Row("s-2", due, "", longMessage, "everyone")))));
        WaitForAsyncUtils.waitForFxEvents();

        TableColumn<ScheduledViewModel.Row, ?> id = table.getColumns().get(0);
        TableColumn<ScheduledViewModel.Row, ?> dueColumn = table.getColumns().get(1);
        TableColumn<ScheduledViewModel.Row, ?> message = table.getColumns().get(2);
        assertThat(id.getWidth()).as("s-1 needs no more than its fitted width").isEqualTo(id.getMinWidth());
        assertThat(dueColumn.getWidth()).as("nor the due time").isEqualTo(dueColumn.getMinWidth());
        assertThat(message.getWidth()).as("the message has the rest of the table")
                .isGreaterThan(table.getWidth() - id.getWidth() - dueColumn.getWidth() - 5);

        Text shortText = messageText(robot, "s-1");
        double line = lineHeight(shortText);
        assertThat(shortText.getText()).as("drawn whole, not cut with ...").isEqualTo("Heads-up · " + SHORT);
        assertThat(shortText.getLayoutBounds().getHeight()).as("wrapped").isGreaterThan(1.5 * line);

        Text longText = messageText(robot, "s-2");
        assertThat(longText.getText()).as("cut, whole on hover").endsWith("...");
        double lines = longText.getLayoutBounds().getHeight() / line;
        assertThat(lines).as("three lines, so one message cannot fill the table").isBetween(2.5, 3.5);
    }

    // The drawn text of the message line in the row of this id.
    private static Text messageText(FxRobot robot, String id) {
        TableCell<?, ?> cell = robot.lookup("#scheduled-table .table-cell").queryAllAs(TableCell.class)
                .stream().filter(c -> c.getTableColumn().getText().equals("Message") && !c.isEmpty()
                        && c.getItem() instanceof ScheduledViewModel.Row r && id.equals(r.id()))
                .findFirst().orElseThrow();
        Label label = (Label) cell.lookup(".scheduled-message");
        return (Text) label.lookup(".text");
    }

    private static double lineHeight(Text like) {
        Text probe = new Text("Ag");
        probe.setFont(like.getFont());
        return probe.getLayoutBounds().getHeight();
    }
}
