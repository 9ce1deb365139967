package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.support.ThemedScene;
import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.herald.admin.ui.Fx;
import dev.herald.admin.ui.client.HeraldClient;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The message counter turns red exactly when the server would refuse the length (no server needed). */
@ExtendWith(ApplicationExtension.class)
class ComposeCountTest {
    private final ComposeViewModel vm = new ComposeViewModel(Fx.UI);
    // Never called: connected() only hands the view model the client it would send with.
    private final HeraldClient client = new HeraldClient(URI.create("http://127.0.0.1:9"), "");

    @Start
    void start(Stage stage) {
        ThemedScene.show(stage, (javafx.scene.Parent) new ComposeView(vm).root(), 1200, 760);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static boolean red(Label count) {
        return count.getPseudoClassStates().contains(Styles.STATE_DANGER);
    }

    @Test
    void theCounterIsRedOnlyPastTheLimitAsTheServerCountsIt(FxRobot robot) {
        robot.interact(() -> vm.connected(client, JsonNodeFactory.instance.objectNode()));
        Label count = robot.lookup("#compose-count").queryAs(Label.class);

        robot.interact(() -> vm.messageProperty().set("🚀".repeat(2100))); // 4,200 UTF-16 units, 2,100 characters
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(count.getText()).isEqualTo("2100 / 4096");
        assertThat(vm.canSendProperty().get()).isTrue();
        assertThat(red(count)).as("2,100 emoji are within 4,096 characters").isFalse();

        robot.interact(() -> vm.messageProperty().set("x".repeat(4097)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(red(count)).as("one past the limit").isTrue();

        // A server with a higher limit: the same text is fine, and the counter says so at once.
        robot.interact(() -> vm.stats(JsonNodeFactory.instance.objectNode()
                .set("limits", JsonNodeFactory.instance.objectNode().put("message", 8192))));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(count.getText()).isEqualTo("4097 / 8192");
        assertThat(red(count)).as("within the server's new limit").isFalse();
    }
}
