package dev.herald.admin.ui.connection;

import atlantafx.base.theme.Styles;
import dev.herald.admin.ui.client.HeraldClient;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Asks for the server URL and the operator token; refuses to close on a URL it cannot use. */
public final class ConnectDialog extends Dialog<ConnectDialog.Connection> {
    /** What the operator entered. */
    public record Connection(String url, String token) {
    }

    public ConnectDialog(Window owner, String url, String token) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Connect to Herald");
        setHeaderText("Connect to a Herald server");
        TextField urlField = new TextField(url);
        urlField.setId("server-url");
        urlField.setPromptText("http://localhost:8080");
        urlField.setPrefColumnCount(28);
        PasswordField tokenField = new PasswordField();
        tokenField.setId("operator-token");
        tokenField.setText(token);
        tokenField.setPromptText("optional until operator tokens are enabled");
        Label hint = new Label("Both are remembered in your user preferences.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label error = new Label();
        error.setId("connect-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.setPadding(new Insets(16, 20, 8, 20));
        grid.addRow(0, new Label("Server URL"), urlField);
        grid.addRow(1, new Label("Operator token"), tokenField);
        grid.add(hint, 1, 2);
        grid.add(error, 1, 3);
        getDialogPane().setContent(grid);

        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(connect, ButtonType.CANCEL);
        Node connectButton = getDialogPane().lookupButton(connect);
        connectButton.setId("connect-confirm");
        connectButton.getStyleClass().add(Styles.ACCENT);
        connectButton.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                HeraldClient.parseUrl(urlField.getText());
            } catch (IllegalArgumentException ex) {
                error.setText(ex.getMessage());
                e.consume();
            }
        });
        setResultConverter(b -> b == connect
                ? new Connection(urlField.getText().trim(), tokenField.getText().trim()) : null);
        Platform.runLater(urlField::requestFocus);
    }
}
