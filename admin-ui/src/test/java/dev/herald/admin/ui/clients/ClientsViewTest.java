package dev.herald.admin.ui.clients;

import dev.herald.admin.ui.support.ThemedScene;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.admin.ui.Pages;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Clients view on Monocle, fed client events by hand: what stays selected as clients come and go. */
@ExtendWith(ApplicationExtension.class)
class ClientsViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Always queued, as the feed's events are: the list changes in a later turn of the FX thread.
    private final ClientsViewModel vm = new ClientsViewModel(Platform::runLater);

    // The stage is shared with the other UI test classes: its size is left alone.
    @Start
    void start(Stage stage) {
        var page = Pages.scrolling(new ClientsView(vm).root());
        javafx.scene.layout.HBox.setHgrow(page, javafx.scene.layout.Priority.ALWAYS);
        ThemedScene.show(stage, new javafx.scene.layout.HBox(page), 1200, 760);
    }

    private static JsonNode client(String id, String connectedAt) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.putArray("topics").add("all");
        n.put("userAgent", "test");
        n.put("connectedAt", connectedAt);
        return n;
    }

    /** Three clients, oldest first (the table sorts by Since). */
    private TableView<ClientRow> threeClients(FxRobot robot) {
        robot.interact(() -> {
            vm.clientConnected(client("a", "2026-11-26T13:00:00Z"));
            vm.clientConnected(client("b", "2026-11-26T13:01:00Z"));
            vm.clientConnected(client("c", "2026-11-26T13:02:00Z"));
        });
        @SuppressWarnings("unchecked")
        TableView<ClientRow> table = robot.lookup("#clients-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).extracting(ClientRow::id).containsExactly("a", "b", "c");
        return table;
    }

    // The view clears the row JavaFX selects when the selected client leaves (Disconnect would act on a client
    // nobody chose), a turn later. A row the operator chose in between (clients come and go all the time, so a
    // click can land in that turn) was cleared too. Here the choice is queued right after the leaving's flush.
    @Test
    void aRowChosenRightAfterTheSelectedClientLeftStaysSelected(FxRobot robot) {
        TableView<ClientRow> table = threeClients(robot);
        robot.interact(() -> table.getSelectionModel().select(1)); // b
        ClientRow[] between = new ClientRow[2]; // what JavaFX had selected, what the operator chose
        robot.interact(() -> {
            vm.clientDisconnected(JSON.createObjectNode().put("id", "b"));
            Platform.runLater(() -> {
                between[0] = table.getSelectionModel().getSelectedItem();
                table.getSelectionModel().select(between[0] == null || !between[0].id().equals("a") ? 0 : 1);
                between[1] = table.getSelectionModel().getSelectedItem();
            });
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.getItems()).extracting(ClientRow::id).containsExactly("a", "c");
        assertThat(between[0]).as("JavaFX's pick, not yet cleared when the operator chose").isNotNull();
        assertThat(between[1].id()).isNotIn("b", between[0].id());
        assertThat(table.getSelectionModel().getSelectedItem()).as("the operator's choice, still selected")
                .isNotNull().extracting(ClientRow::id).isEqualTo(between[1].id());
        assertThat(robot.lookup("#disconnect-button").queryButton().isDisabled()).isFalse();
    }

    // The fix above must keep what it mends: with nobody choosing, the row JavaFX picked is cleared.
    @Test
    void theSelectedClientLeavingSelectsNoOtherRow(FxRobot robot) {
        TableView<ClientRow> table = threeClients(robot);
        robot.interact(() -> table.getSelectionModel().select(1)); // b
        robot.interact(() -> vm.clientDisconnected(JSON.createObjectNode().put("id", "b")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).extracting(ClientRow::id).containsExactly("a", "c");
        assertThat(table.getSelectionModel().getSelectedItem()).isNull();
        assertThat(robot.lookup("#disconnect-button").queryButton().isDisabled()).isTrue();
    }

    // History took the second row on Down with nothing selected (the focus model stands on the first from the
    // start; an operator's hour, twenty-fourth session). Clients, checked after: the same.
    @Test
    void downInTheTableWithNothingSelectedSelectsTheFirstRow(FxRobot robot) {
        TableView<ClientRow> table = threeClients(robot);
        robot.interact(table::requestFocus);
        robot.type(javafx.scene.input.KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSelectionModel().getSelectedIndex()).isEqualTo(0);
        assertThat(table.getSelectionModel().getSelectedItem().id()).isEqualTo("a");
    }
}
