package dev.herald.admin.ui.dashboard;

import dev.herald.admin.ui.support.ThemedScene;
import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Twenty-first session's tester: 12345 connected clients read as a five-digit blur; grouped as the locale groups. */
@ExtendWith(ApplicationExtension.class)
class BigNumbersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Locale before = Locale.getDefault(Locale.Category.FORMAT);
    private final DashboardViewModel vm = new DashboardViewModel();

    @Start
    void start(Stage stage) {
        ThemedScene.show(stage, (Parent) new DashboardView(vm).root(), 1200, 760);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    private String text(FxRobot robot, String query) throws Exception {
        Label label = robot.lookup(query).queryAs(Label.class);
        return WaitForAsyncUtils.asyncFx(label::getText).get(10, TimeUnit.SECONDS);
    }

    // Numbers as the stats feed sends them; the labels follow changes, so each call sends others.
    private void show(FxRobot robot, Locale locale, int connected, long notifications) {
        Locale.setDefault(Locale.Category.FORMAT, locale);
        robot.interact(() -> {
            try {
                vm.connected(null, JSON.readTree("""
                        {"time":"2026-11-27T18:00:00Z","connected":%d,"notifications":%d,
                         "deliveries":9876543,"dropped":0,"perMinute":{"notifications":2500,"deliveries":1200000},
                         "limits":{"streams":19500},"topics":{"news":12345},"topicCount":1}""".formatted(connected, notifications)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void countsAreGroupedInTheOperatorsLocale(FxRobot robot) throws Exception {
        show(robot, Locale.US, 12345, 1234567);
        assertThat(text(robot, "#connected-count")).isEqualTo("12,345");
        assertThat(text(robot, "#total-notifications")).isEqualTo("1,234,567");
        assertThat(text(robot, "#rate-deliveries")).isEqualTo("1,200,000");
        assertThat(text(robot, "#connected-capacity")).isEqualTo("of 19,500 this node takes");
        assertThat(robot.lookup("#topics-table .table-cell").queryAll().stream()
                .map(n -> ((TableCell<?, ?>) n).getText())).contains("12,345");

        show(robot, Locale.GERMANY, 23456, 2345678);
        assertThat(text(robot, "#connected-count")).isEqualTo("23.456");
        assertThat(text(robot, "#total-notifications")).isEqualTo("2.345.678");
    }
}
