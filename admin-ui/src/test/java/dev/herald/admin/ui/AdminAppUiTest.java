package dev.herald.admin.ui;

import dev.herald.admin.ui.connection.ConnectionSettings;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.Subscriber;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window on Monocle (headless), driven like an operator would, against a real server. */
@ExtendWith(ApplicationExtension.class)
class AdminAppUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Preferences prefs = Preferences.userRoot().node("dev/herald/admin-uitest");
    private LiveHerald herald;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new MainWindow(new ConnectionSettings(prefs));
        Scene scene = new Scene(window.root(), 1200, 760);
        window.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    @BeforeEach
    void startServer() {
        herald = LiveHerald.start();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(10, TimeUnit.SECONDS);
        herald.close();
        prefs.removeNode();
    }

    // Read on the FX thread, where the labels change.
    private static String text(FxRobot robot, String query) {
        Label label = robot.lookup(query).queryAs(Label.class);
        try {
            return WaitForAsyncUtils.asyncFx(label::getText).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(FxRobot robot, String query, java.util.function.Predicate<String> ok) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> ok.test(text(robot, query)));
    }

    private void connectThroughTheDialog(FxRobot robot) throws Exception {
        robot.clickOn("#connect-button");
        TextField url = robot.lookup("#server-url").queryAs(TextField.class);
        robot.interact(() -> url.setText(""));
        robot.clickOn(url).write(herald.uri().toString());
        robot.clickOn("#connect-confirm");
        waitUntil(robot, "#connection-state", "Connected"::equals);
        assertThat(prefs.get("url", null)).isEqualTo(herald.uri().toString());
    }

    @Test
    void composeAndCtrlEnterReachesARealSubscriber(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        try (Subscriber subscriber = herald.subscribe()) {
            robot.clickOn("#nav-compose");
            robot.clickOn("#compose-message").write("Hello from TestFX");
            assertThat(text(robot, "#compose-count")).isEqualTo("17 / 4096");
            robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
            String received = subscriber.next(WAIT);
            assertThat(received).as("the subscriber's notification").contains("\"message\":\"Hello from TestFX\"");
            waitUntil(robot, "#compose-result", t -> t.startsWith("Sent #"));
            assertThat(subscriber.next(Duration.ofMillis(300))).as("sent once, no newline added").isNull();
            assertThat(robot.lookup("#compose-message").queryTextInputControl().getText())
                    .as("the form starts empty after a send").isEmpty();
            robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
            assertThat(subscriber.next(Duration.ofMillis(500))).as("a second Ctrl+Enter sends nothing").isNull();
        }
    }

    @Test
    void theCountLabelFollowsClientsConnecting(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        waitUntil(robot, "#connected-count", "0"::equals);
        String agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        try (Subscriber a = herald.subscribe("ui"); Subscriber b = herald.subscribeAs(agent, "ui")) {
            waitUntil(robot, "#connected-count", "2"::equals);
            waitUntil(robot, "#connected-capacity", t -> t.matches("of [\\d,]+ this node takes"));
            robot.clickOn("#nav-clients");
            waitUntil(robot, "#clients-count", "2 of 2 clients"::equals);
            // The whole user agent on hover; the short number columns are never cut to "Last…".
            WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> robot.lookup(".table-cell")
                    .queryAllAs(javafx.scene.control.TableCell.class).stream()
                    .anyMatch(c -> c.getTooltip() != null && agent.equals(c.getTooltip().getText())));
            javafx.scene.control.TableView<?> table = robot.lookup("#clients-table").queryAs(javafx.scene.control.TableView.class);
            for (var column : table.getColumns()) {
                if (java.util.List.of("Since", "Last id", "Queue").contains(column.getText())) {
                    assertThat(column.getWidth()).as(column.getText()).isGreaterThanOrEqualTo(column.getPrefWidth());
                }
            }
            // Twenty-first session's tester: connection ids were cut ("s5y8uy6q-1-…") at the default width.
            var ids = robot.lookup("#clients-table .table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                    .filter(c -> c.getTableColumn().getText().equals("Connection") && c.getText() != null).toList();
            assertThat(ids).hasSize(2).allSatisfy(c -> assertThat(drawn(c)).as("drawn whole").isEqualTo(c.getText()));
            double columns = table.getColumns().stream().mapToDouble(javafx.scene.control.TableColumn::getWidth).sum();
            assertThat(columns).as("and the columns still fit the table (Queue not cut)").isLessThanOrEqualTo(table.getWidth());
            // Filtered, the total still follows clients the filter hides (they change only the whole list).
            robot.clickOn("#clients-filter").write("Firefox");
            waitUntil(robot, "#clients-count", "1 of 2 clients"::equals);
            try (Subscriber c = herald.subscribe("ui")) {
                waitUntil(robot, "#clients-count", "1 of 3 clients"::equals);
            }
            waitUntil(robot, "#clients-count", "1 of 2 clients"::equals);
            // Every word must match; none matching says so rather than "No clients connected".
            robot.clickOn("#clients-filter").write(" Linux");
            waitUntil(robot, "#clients-count", "1 of 2 clients"::equals);
            robot.clickOn("#clients-filter").write(" nowhere");
            waitUntil(robot, "#clients-count", "0 of 2 clients"::equals);
            assertThat(text(robot, "#clients-empty")).isEqualTo("No clients match \u201cFirefox Linux nowhere\u201d");
            robot.interact(() -> robot.lookup("#clients-filter").queryTextInputControl().clear());
            waitUntil(robot, "#clients-count", "2 of 2 clients"::equals);

            // Disconnect acts on the chosen client only: the selection does not pass to the next row.
            robot.interact(() -> table.getSelectionModel().select(0));
            robot.clickOn("#disconnect-button");
            waitUntil(robot, "#clients-count", "1 of 1 clients"::equals);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(table.getSelectionModel().getSelectedItem()).isNull();
            assertThat(robot.lookup("#disconnect-button").queryButton().isDisabled()).isTrue();
        }
        waitUntil(robot, "#connected-count", "0"::equals);
    }

    @Test
    void aDeadServerShowsReconnecting(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        waitUntil(robot, "#status-node", t -> t.startsWith("node "));
        assertThat(robot.lookup("#status-node").query().isVisible()).isTrue();
        herald.close();
        waitUntil(robot, "#connection-state", "Reconnecting…"::equals);
        // Twenty-first session's tester: the old node id stayed, as if still connected to it.
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#status-node").query().isVisible()).as("no node while reconnecting").isFalse();
        waitUntil(robot, "#connection-detail", t -> t.startsWith("Server unreachable") && t.contains("retrying in"));
        // The dashboard's numbers say they are not live, and since when.
        waitUntil(robot, "#connected-count", "—"::equals);
        assertThat(text(robot, "#total-notifications")).isEqualTo("—");
        assertThat(text(robot, "#dashboard-status")).startsWith("Not live (reconnecting…) · last update ");
        herald = LiveHerald.start(); // for tearDown; a new port, so the app stays in backoff
    }

    @Test
    void theKeyboardGetsAroundComposeAndTheLabelsNameTheirFields(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.getScene().getFocusOwner().getId()).as("Ctrl+3 puts focus on its page's entry")
                .isEqualTo("nav-compose");
        robot.clickOn("#compose-message").write("tab moves on");
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compose-message").queryAs(javafx.scene.control.TextArea.class).getText())
                .as("no tab typed into the message").isEqualTo("tab moves on");
        assertThat(stage.getScene().getFocusOwner().getId()).isNotEqualTo("compose-message");
        // Every form label is tied to its field (screen readers read it instead of the placeholder).
        assertThat(robot.lookup(".form-label").queryAllAs(Label.class))
                .isNotEmpty().allSatisfy(l -> assertThat(l.getLabelFor()).as(l.getText()).isNotNull());
        assertThat(robot.lookup("#nav-clients").queryAs(javafx.scene.control.ToggleButton.class).getAccessibleText())
                .isEqualTo("Clients");
    }

    @Test
    void sendLaterShowsInTheScheduledListAndCancelRemovesIt(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        robot.clickOn("#nav-compose");
        robot.clickOn("#compose-message").write("Later from TestFX");
        robot.clickOn("#compose-users").write("alice");
        robot.clickOn("#compose-later");
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now().plusMinutes(5);
        javafx.scene.control.DatePicker date = robot.lookup("#compose-later-date").queryAs(javafx.scene.control.DatePicker.class);
        robot.interact(() -> date.setValue(at.toLocalDate()));
        robot.clickOn("#compose-later-time").write(at.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm")));
        robot.clickOn("#compose-send");
        waitUntil(robot, "#compose-result", t -> t.startsWith("Scheduled s-"));
        javafx.scene.control.TableView<?> table = robot.lookup("#scheduled-table").queryAs(javafx.scene.control.TableView.class);
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        var row = (dev.herald.admin.ui.compose.ScheduledViewModel.Row) table.getItems().getFirst();
        assertThat(row.audience()).as("limited to alice, not everyone").isEqualTo("everyone · user: alice");
        // The Id column fits a cluster node's id (s-<node>.<n>) whole, not "s-k3…".
        @SuppressWarnings("unchecked")
        var scheduled = (javafx.scene.control.TableView<dev.herald.admin.ui.compose.ScheduledViewModel.Row>) table;
        var fromServer = scheduled.getItems();
        String longId = "s-k3f9x2.1234";
        robot.interact(() -> scheduled.setItems(javafx.collections.FXCollections.observableArrayList(
                new dev.herald.admin.ui.compose.ScheduledViewModel.Row(
                        longId, java.time.Instant.now().plusSeconds(3600), "", "a cluster node's", "everyone"))));
        WaitForAsyncUtils.waitForFxEvents();
        var shown = robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .filter(c -> longId.equals(c.getText())).findFirst().orElseThrow();
        assertThat(((javafx.scene.text.Text) shown.lookup(".text")).getText()).as("drawn whole").isEqualTo(longId);
        // Twenty-first session's tester: beside the preview the message column shrank to "…" at the default size.
        var messageCell = robot.lookup("#scheduled-table .table-cell").queryAllAs(javafx.scene.control.TableCell.class)
                .stream().filter(c -> c.getTableColumn().getText().equals("Message") && !c.isEmpty()).findFirst().orElseThrow();
        assertThat(messageCell.lookupAll(".text")).as("the message drawn whole, not \"…\"")
                .anyMatch(t -> "a cluster node's".equals(((javafx.scene.text.Text) t).getText()));
        robot.interact(() -> scheduled.setItems(fromServer));
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#scheduled-cancel");
        // Cancel asks first, naming what would not go out.
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        javafx.scene.control.DialogPane dialog = robot.lookup("#confirm-dialog").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(dialog.getHeaderText()).isEqualTo("Cancel " + row.id() + "?");
        assertThat(dialog.getContentText()).contains("Later from TestFX").contains("Audience: everyone · user: alice");
        robot.clickOn("#confirm-yes");
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> table.getItems().isEmpty());
        waitUntil(robot, "#scheduled-message", t -> t.startsWith("Cancelled s-"));
    }

    @Test
    void retractAsksFirstShowingMessageAndAudience(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        new dev.herald.admin.ui.client.HeraldClient(herald.uri(), "").send(new dev.herald.admin.ui.client.NotificationDraft(
                "for jane doe", null, "info", java.util.List.of(), java.util.List.of(), null, null,
                java.util.List.of("jane doe"))).get(20, TimeUnit.SECONDS);
        robot.clickOn("#nav-history");
        javafx.scene.control.TableView<?> table = robot.lookup("#history-table").queryAs(javafx.scene.control.TableView.class);
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));

        robot.clickOn("#history-retract");
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        javafx.scene.control.DialogPane dialog = robot.lookup("#confirm-dialog").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(dialog.getHeaderText()).isEqualTo("Retract #1?");
        assertThat(dialog.getContentText()).contains("for jane doe").contains("Audience: all · user: jane doe");
        robot.clickOn("#confirm-no");
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(500);
        assertThat(table.getItems()).as("Cancel keeps it").hasSize(1);

        robot.clickOn("#history-retract");
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> robot.lookup("#confirm-yes").tryQuery().isPresent());
        robot.clickOn("#confirm-yes");
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> table.getItems().isEmpty());
    }

    @Test
    void editAndResendLeavesTheCursorInTheMessage(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        new dev.herald.admin.ui.client.HeraldClient(herald.uri(), "").send(new dev.herald.admin.ui.client.NotificationDraft(
                "edit me", null, "info", java.util.List.of(), java.util.List.of(), null, null)).get(20, TimeUnit.SECONDS);
        robot.clickOn("#nav-history");
        javafx.scene.control.TableView<?> table = robot.lookup("#history-table").queryAs(javafx.scene.control.TableView.class);
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#history-edit");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextArea message = robot.lookup("#compose-message").queryAs(javafx.scene.control.TextArea.class);
        assertThat(message.getText()).isEqualTo("edit me");
        // Not on the header's Connect… (the next focusable node once History hid), where Enter opens the dialog.
        assertThat(stage.getScene().getFocusOwner()).as("focus after Edit & resend").isSameAs(message);
    }

    @Test
    void aRefusedTokenOffersChangeTokenAndTheDialogChecksBeforeSaving(FxRobot robot) throws Exception {
        String hash = dev.herald.auth.OperatorTokens.hash("s3cret-operator");
        try (LiveHerald secured = LiveHerald.start(java.util.Map.of("herald.auth.operators", hash))) {
            robot.interact(() -> window.connect(secured.uri().toString(), ""));
            waitUntil(robot, "#connection-state", "Authentication failed"::equals);
            assertFullyShown(robot, "#connection-state", MainWindow.Page.DASHBOARD);
            assertFullyShown(robot, "#change-token", MainWindow.Page.DASHBOARD);

            robot.clickOn("#change-token");
            TextField url = robot.lookup("#server-url").queryAs(TextField.class);
            robot.interact(() -> url.setText(secured.uri().toString()));
            robot.clickOn("#operator-token").write("wrong");
            robot.clickOn("#connect-confirm");
            waitUntil(robot, "#connect-error", t -> t.contains("refused this token"));
            assertThat(robot.lookup("#server-url").tryQuery()).as("the dialog stays open").isPresent();
            assertThat(prefs.get("url", null)).as("nothing saved").isNull();

            TextField token = robot.lookup("#operator-token").queryAs(TextField.class);
            robot.interact(() -> token.setText("s3cret-operator"));
            robot.clickOn("#connect-confirm");
            waitUntil(robot, "#connection-state", "Connected"::equals);
            assertThat(prefs.get("token", null)).isEqualTo("s3cret-operator");
        }
    }

    @Test
    void everyPageFitsTheMinimumWindowAndComposeScrollsToSend(FxRobot robot) throws Exception {
        connectThroughTheDialog(robot);
        robot.interact(() -> {
            stage.setWidth(900); // AdminApp's minimum
            stage.setHeight(600);
        });
        for (MainWindow.Page page : MainWindow.Page.values()) {
            robot.interact(() -> window.show(page));
            WaitForAsyncUtils.waitForFxEvents();
            assertFullyShown(robot, "#connect-button", page);
            assertFullyShown(robot, "#theme-button", page);
            assertFullyShown(robot, "#connection-state", page);
        }
        robot.interact(() -> window.show(MainWindow.Page.DASHBOARD));
        WaitForAsyncUtils.waitForFxEvents();
        assertFullyShown(robot, "#total-dropped", MainWindow.Page.DASHBOARD);

        // Compose with a feedback line: the page scrolls, nothing is squeezed or cut off.
        robot.interact(() -> {
            window.show(MainWindow.Page.COMPOSE);
            window.compose().messageProperty().set("layout check");
            window.compose().everyoneProperty().set(false);
            window.compose().topicsProperty().set("bad topic!");
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.RadioButton everyone = robot.lookup("#compose-everyone").queryAs(javafx.scene.control.RadioButton.class);
        assertThat(everyone.getWidth()).as("'Everyone' is not cut to 'Eve…'").isGreaterThanOrEqualTo(everyone.prefWidth(-1));
        javafx.scene.control.TextArea message = robot.lookup("#compose-message").queryAs(javafx.scene.control.TextArea.class);
        assertThat(message.getHeight()).as("the message area keeps its height").isGreaterThanOrEqualTo(96);
        // At this width the preview goes below the form; the operator scrolls down to Send.
        scrollIntoView(robot, "#compose-problem");
        assertFullyShown(robot, "#compose-send", MainWindow.Page.COMPOSE);
        assertFullyShown(robot, "#compose-problem", MainWindow.Page.COMPOSE);
        assertFullyShown(robot, "#connection-state", MainWindow.Page.COMPOSE);
    }

    // Inside the window, inside its scrolling page's viewport, and not shrunk below its preferred width.
    private void assertFullyShown(FxRobot robot, String query, MainWindow.Page page) {
        javafx.scene.Node node = robot.lookup(query).query();
        javafx.geometry.Bounds b = node.localToScene(node.getBoundsInLocal());
        javafx.geometry.Bounds window = new javafx.geometry.BoundingBox(0, 0, stage.getScene().getWidth(),
                stage.getScene().getHeight());
        assertThat(window.contains(b)).as(query + " on " + page + " at " + b + " inside " + window).isTrue();
        javafx.scene.Node scroll = ancestor(node, javafx.scene.control.ScrollPane.class);
        if (scroll != null) {
            javafx.geometry.Bounds viewport = scroll.localToScene(scroll.getBoundsInLocal());
            assertThat(viewport.contains(b)).as(query + " on " + page + " scrolled into view").isTrue();
        }
        if (node instanceof javafx.scene.control.Labeled l && !l.isWrapText()) {
            assertThat(l.getWidth()).as(query + " not cut off").isGreaterThanOrEqualTo(l.prefWidth(-1) - 0.5);
        }
    }

    // The text as drawn: what is left of a labeled's text once the cell or label cut it with "…".
    private static String drawn(javafx.scene.control.Labeled labeled) {
        return ((javafx.scene.text.Text) labeled.lookup(".text")).getText();
    }

    // What the operator does with the scroll bar: bring the node to the bottom of the viewport.
    private static void scrollIntoView(FxRobot robot, String query) {
        javafx.scene.Node node = robot.lookup(query).query();
        javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) ancestor(node, javafx.scene.control.ScrollPane.class);
        robot.interact(() -> {
            javafx.scene.Node content = scroll.getContent();
            double bottom = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMaxY();
            double extra = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            double y = Math.max(0, bottom + 8 - scroll.getViewportBounds().getHeight());
            scroll.setVvalue(extra <= 0 ? 0 : Math.min(1, y / extra) * scroll.getVmax());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static javafx.scene.Node ancestor(javafx.scene.Node node, Class<?> type) {
        for (javafx.scene.Node n = node.getParent(); n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return n;
            }
        }
        return null;
    }
}
