package dev.herald.admin.ui.compose;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/** The compose form's Send row (with why Send is off beside it) and the answer to Send below it. */
final class SendActions {
    private SendActions() {
    }

    /** @param reveal scrolls the page to show a node (the answer to Send, below the fold of a short window) */
    static Node create(ComposeViewModel vm, Consumer<Node> reveal) {
        Button send = new Button("Send");
        send.setId("compose-send");
        send.getStyleClass().add(Styles.ACCENT);
        send.setDefaultButton(false);
        send.disableProperty().bind(vm.canSendProperty().not());
        send.setOnAction(e -> vm.send());
        Label shortcut = new Label("Ctrl+Enter");
        shortcut.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(vm.sendingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Button clear = new Button("Clear");
        clear.setId("compose-clear");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.clear());
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {send, shortcut, clear}) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        // Why Send is off, beside it: on a line below the buttons it was cut off at the bottom of the
        // default 1200×780 window (a tester's pass). It takes the shortcut's place, which cannot send then.
        Label problem = feedback("compose-problem", "feedback-warning");
        problem.textProperty().bind(vm.problemProperty());
        problem.setMinWidth(0);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(problem, Priority.ALWAYS);
        shortcut.visibleProperty().bind(problem.visibleProperty().not());
        shortcut.managedProperty().bind(shortcut.visibleProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.SOMETIMES);
        HBox buttons = new HBox(10, send, shortcut, problem, progress, gap, clear);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label result = feedback("compose-result", "feedback-success");
        result.textProperty().bind(vm.resultProperty());
        Label error = feedback("compose-error", "feedback-danger");
        error.textProperty().bind(vm.errorProperty());
        // The answer to Send appears under the button, below the fold of a default-size window.
        for (Label l : new Label[] {result, error}) {
            l.textProperty().addListener((o, was, now) -> {
                if (!now.isEmpty()) {
                    javafx.application.Platform.runLater(() -> reveal.accept(l));
                }
            });
        }
        // What a screen reader says on Send: why it is off, or how the last send went (JavaFX has no live
        // region, and after Ctrl+Enter or a click focus stays where it was).
        send.accessibleHelpProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> !problem.getText().isEmpty() ? problem.getText()
                        : !error.getText().isEmpty() ? error.getText() : result.getText(),
                problem.textProperty(), result.textProperty(), error.textProperty()));
        return new VBox(10, buttons, result, error);
    }

    private static Label feedback(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().addAll("feedback", style);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
