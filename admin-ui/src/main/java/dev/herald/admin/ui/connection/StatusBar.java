package dev.herald.admin.ui.connection;

import atlantafx.base.theme.Styles;
import dev.herald.admin.ui.dashboard.DashboardViewModel;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

/** The bottom line: connection state with a coloured dot, what is happening, node and uptime. */
public final class StatusBar {
    private final HBox root;

    public StatusBar(ConnectionViewModel connection, DashboardViewModel dashboard) {
        Circle dot = new Circle(5);
        dot.getStyleClass().add("status-dot");
        Label state = new Label();
        state.setId("connection-state");
        state.getStyleClass().add("status-state");
        state.textProperty().bind(connection.stateProperty().map(ConnectionState::label));
        Label detail = new Label();
        detail.setId("connection-detail");
        detail.getStyleClass().add(Styles.TEXT_MUTED);
        detail.textProperty().bind(connection.detailProperty());
        Button retry = new Button("Retry now");
        retry.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        retry.setOnAction(e -> connection.reconnect());
        retry.visibleProperty().bind(connection.stateProperty().map(s ->
                s == ConnectionState.RECONNECTING || s == ConnectionState.AUTH_FAILED));
        retry.managedProperty().bind(retry.visibleProperty());
        Label node = new Label();
        node.getStyleClass().add(Styles.TEXT_MUTED);
        node.textProperty().bind(dashboard.nodeProperty().map(n -> n.isEmpty() ? "" : "node " + n));
        Label uptime = new Label();
        uptime.getStyleClass().add(Styles.TEXT_MUTED);
        uptime.textProperty().bind(dashboard.uptimeProperty().map(u -> "up " + u));
        uptime.visibleProperty().bind(connection.stateProperty().isEqualTo(ConnectionState.CONNECTED));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root = new HBox(10, dot, state, detail, retry, spacer, node, uptime);
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
