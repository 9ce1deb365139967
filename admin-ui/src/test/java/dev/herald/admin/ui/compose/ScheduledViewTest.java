package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.support.ThemedScene;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.Fx;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.NotificationDraft;
import dev.herald.admin.ui.support.LiveHerald;
import javafx.scene.control.TableView;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Scheduled table on Monocle against a real server: the keyboard in it. */
@ExtendWith(ApplicationExtension.class)
class ScheduledViewTest {
    private final LiveHerald herald = LiveHerald.start();
    private final HeraldClient client = new HeraldClient(herald.uri(), "");
    private final ScheduledViewModel vm = new ScheduledViewModel(Fx.UI);

    // The stage is shared with the other UI test classes: its size is left alone.
    @Start
    void start(Stage stage) {
        ThemedScene.show(stage, new javafx.scene.layout.VBox(new ScheduledView(vm).root()), 600, 400);
    }

    @AfterEach
    void stop() {
        client.close();
        herald.close();
    }

    // History took the second row on Down with nothing selected (the focus model stands on the first from the
    // start; an operator's hour, twenty-fourth session). Scheduled, checked after: the same.
    @Test
    void downInTheTableWithNothingSelectedSelectsTheFirstRow(FxRobot robot) throws Exception {
        Instant soon = Instant.now().plusSeconds(3600);
        for (String m : List.of("first", "second")) {
            client.schedule(new NotificationDraft(m, null, "info", List.of(), List.of(), null, null),
                    soon.plusSeconds(m.length() * 60L)).get(20, TimeUnit.SECONDS);
        }
        JsonNode stats = client.stats().get(20, TimeUnit.SECONDS);
        robot.interact(() -> vm.connected(client, stats));
        @SuppressWarnings("unchecked")
        TableView<ScheduledViewModel.Row> table = robot.lookup("#scheduled-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 2);

        robot.interact(table::requestFocus);
        robot.type(javafx.scene.input.KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSelectionModel().getSelectedIndex()).isEqualTo(0);
        assertThat(table.getSelectionModel().getSelectedItem().message()).isEqualTo("first"); // the soonest
    }
}
