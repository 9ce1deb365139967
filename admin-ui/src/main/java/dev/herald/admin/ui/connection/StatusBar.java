package dev.herald.admin.ui.connection;

import atlantafx.base.theme.Styles;
import dev.herald.admin.ui.dashboard.DashboardViewModel;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

/**
 * The bottom line: connection state with a coloured dot, what is happening, node and uptime.
 * The state and the buttons never shrink; the detail gives way and shows in full as a tooltip.
 */
public final class StatusBar {
    private final HBox root;

    /** @param changeToken opens the connect dialog (offered when the server refuses the token) */
    public StatusBar(ConnectionViewModel connection, DashboardViewModel dashboard, Runnable changeToken) {
        Circle dot = new Circle(5);
        dot.getStyleClass().add("status-dot");
        Label state = new Label();
        state.setId("connection-state");
        state.getStyleClass().add("status-state");
        state.textProperty().bind(connection.stateProperty().map(ConnectionState::label));
        state.setMinWidth(Region.USE_PREF_SIZE);
        Label detail = new Label();
        detail.setId("connection-detail");
        detail.getStyleClass().add(Styles.TEXT_MUTED);
        detail.textProperty().bind(connection.detailProperty());
        detail.setMinWidth(0);
        Tooltip full = new Tooltip();
        full.textProperty().bind(connection.detailProperty());
        full.setWrapText(true);
        full.setMaxWidth(600);
        detail.setTooltip(full);
        Button retry = new Button("Retry now");
        retry.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        retry.setOnAction(e -> connection.reconnect());
        retry.visibleProperty().bind(connection.stateProperty().map(s ->
                s == ConnectionState.RECONNECTING || s == ConnectionState.AUTH_FAILED));
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setMinWidth(Region.USE_PREF_SIZE);
        Button token = new Button("Change token…");
        token.setId("change-token");
        token.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        token.setOnAction(e -> changeToken.run());
        token.visibleProperty().bind(connection.stateProperty().isEqualTo(ConnectionState.AUTH_FAILED));
        token.managedProperty().bind(token.visibleProperty());
        token.setMinWidth(Region.USE_PREF_SIZE);
        Label node = new Label();
        node.setId("status-node");
        node.getStyleClass().add(Styles.TEXT_MUTED);
        node.textProperty().bind(dashboard.nodeProperty().map(n -> n.isEmpty() ? "" : "node " + n));
        node.setMinWidth(Region.USE_PREF_SIZE);
        // Like the uptime, only while connected: a restarted server may come back as another node.
        node.visibleProperty().bind(connection.stateProperty().isEqualTo(ConnectionState.CONNECTED));
        node.managedProperty().bind(node.visibleProperty());
        Label uptime = new Label();
        uptime.getStyleClass().add(Styles.TEXT_MUTED);
        uptime.textProperty().bind(dashboard.uptimeProperty().map(u -> "up " + u));
        uptime.visibleProperty().bind(connection.stateProperty().isEqualTo(ConnectionState.CONNECTED));
        uptime.managedProperty().bind(uptime.visibleProperty());
        uptime.setMinWidth(Region.USE_PREF_SIZE);
        // JavaFX has no live region: a screen reader hears a change only where focus is. The state is a Tab
        // stop (after the page, before Retry now) that reads the whole line, node and uptime included.
        state.setFocusTraversable(true);
        state.accessibleTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String line = "Connection: " + state.getText();
            if (!connection.detailProperty().get().isEmpty()) {
                line += ", " + connection.detailProperty().get();
            }
            if (node.isVisible() && !node.getText().isEmpty()) {
                line += ", " + node.getText();
            }
            return uptime.isVisible() && !dashboard.uptimeProperty().get().isEmpty() ? line + ", " + uptime.getText() : line;
        }, state.textProperty(), connection.detailProperty(), node.textProperty(), node.visibleProperty(),
                uptime.textProperty(), uptime.visibleProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root = new HBox(10, dot, state, detail, token, retry, spacer, node, uptime);
        root.setAlignment(Pos.CENTER_LEFT);
        root.getStyleClass().add("status-bar");
        connection.stateProperty().subscribe(s -> {
            root.getStyleClass().removeIf(c -> c.startsWith("state-"));
            root.getStyleClass().add("state-" + s.name().toLowerCase().replace('_', '-'));
        });
    }

    public Node root() {
        return root;
    }
}
