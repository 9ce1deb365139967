package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.support.DefaultWindow;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;


import static org.assertj.core.api.Assertions.assertThat;

/** Why Send is off is in view at the app's default size, without scrolling (no server needed). */
@ExtendWith(ApplicationExtension.class)
class ComposeProblemVisibleTest {
    private DefaultWindow app;

    @Start
    void start(Stage stage) {
        app = DefaultWindow.show(stage, "dev/herald/admin-problemtest");
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    // The part of the page the scroll pane shows, in scene coordinates.
    private static Bounds shown(Node n) {
        Node p = n.getParent();
        while (!(p instanceof ScrollPane)) {
            p = p.getParent();
        }
        return p.localToScene(p.getLayoutBounds());
    }

    @Test
    void theReasonSendIsOffIsOnScreenBesideTheButton(FxRobot robot) throws Exception {
        robot.clickOn("#nav-compose");
        robot.interact(() -> {
            robot.lookup("#compose-message").queryTextInputControl().setText("Deploy done");
            robot.lookup("#compose-url").queryTextInputControl().setText("ftp:x y");
        });
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#compose-problem").queryAs(Label.class);
        Node send = robot.lookup("#compose-send").query();
        assertThat(send.isDisabled()).isTrue();
        assertThat(problem.getText()).startsWith("Click URL is not valid");
        assertThat(problem.isVisible()).isTrue();

        Bounds line = problem.localToScene(problem.getLayoutBounds());
        Bounds view = shown(problem);
        assertThat(line.getMinY()).as("top of the reason").isGreaterThanOrEqualTo(view.getMinY());
        assertThat(line.getMaxY()).as("bottom of the reason, within the page's visible part (ends at %s)",
                view.getMaxY()).isLessThanOrEqualTo(view.getMaxY());
        assertThat(line.getMaxX()).isLessThanOrEqualTo(view.getMaxX());
        // Beside Send, where the operator looks when it does not react.
        Bounds button = send.localToScene(send.getLayoutBounds());
        assertThat(line.getMinY()).isLessThan(button.getMaxY());
        assertThat(line.getMaxY()).isGreaterThan(button.getMinY());

        // The longest reasons wrap within the form instead of running off it.
        robot.interact(() -> robot.lookup("#compose-url").queryTextInputControl().setText(""));
        robot.interact(() -> {
            app.window().compose().everyoneProperty().set(false);
            app.window().compose().topicsProperty().set("deploys ops");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem.getText()).startsWith("Topic \"deploys ops\" must be 1-64 letters");
        Bounds longLine = problem.localToScene(problem.getLayoutBounds());
        assertThat(longLine.getMaxY()).isLessThanOrEqualTo(view.getMaxY());
        assertThat(longLine.getMaxX()).isLessThanOrEqualTo(view.getMaxX());
    }
}
