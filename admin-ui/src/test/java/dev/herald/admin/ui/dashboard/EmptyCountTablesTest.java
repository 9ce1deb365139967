package dev.herald.admin.ui.dashboard;

import dev.herald.admin.ui.support.ThemedScene;
import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic and user tables, empty, say "nobody" only while the stats are live, else "Not connected". */
@ExtendWith(ApplicationExtension.class)
class EmptyCountTablesTest {
    private final DashboardViewModel vm = new DashboardViewModel();

    @Start
    void start(Stage stage) {
        ThemedScene.show(stage, (Parent) new DashboardView(vm).root(), 1200, 760);
    }

    private String placeholder(FxRobot robot, String table) {
        return ((Label) robot.lookup(table).queryAs(TableView.class).getPlaceholder()).getText();
    }

    @Test
    void emptyTablesSayNobodyOnlyWhileLive(FxRobot robot) throws Exception {
        assertThat(placeholder(robot, "#topics-table")).isEqualTo("Not connected");
        assertThat(placeholder(robot, "#users-table")).isEqualTo("Not connected");

        var stats = new ObjectMapper().readTree("""
                {"time":"2026-11-27T18:00:00Z","connected":0,"notifications":0,"deliveries":0,"dropped":0,
                 "perMinute":{"notifications":0,"deliveries":0},"limits":{"streams":19500},"topics":{},"topicCount":0}""");
        robot.interact(() -> vm.connected(null, stats));
        assertThat(placeholder(robot, "#topics-table")).isEqualTo("No clients connected");
        assertThat(placeholder(robot, "#users-table")).isEqualTo("No signed-in users connected");

        robot.interact(() -> vm.connectionLost("the server went away"));
        assertThat(placeholder(robot, "#topics-table")).isEqualTo("Not connected");
    }
}
