package dev.herald.admin.ui.connection;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/**
 * Asks for the server URL and the operator token and closes only once {@link ConnectCheck} has
 * accepted them, so what gets saved is known to work (or knowingly saved while the server is down).
 */
public final class ConnectDialog extends Dialog<ConnectCheck.Connection> {

    public ConnectDialog(Window owner, ConnectCheck check) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Connect to Herald");
        setHeaderText("Connect to a Herald server");
        TextField urlField = new TextField();
        urlField.setId("server-url");
        urlField.setPromptText("http://localhost:8080");
        urlField.setPrefColumnCount(28);
        urlField.textProperty().bindBidirectional(check.urlProperty());
        PasswordField tokenField = new PasswordField();
        tokenField.setId("operator-token");
        tokenField.setPromptText("optional until operator tokens are enabled");
        tokenField.textProperty().bindBidirectional(check.tokenProperty());
        Label hint = new Label("Both are remembered in your user preferences once they work.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label error = new Label();
        error.setId("connect-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.setMaxWidth(440);
        // Room for three wrapped lines from the start: the dialog does not grow when an error comes
        // (the buttons would jump under the pointer), and a one-line label cut the error's last
        // sentence ("Press Connect again to use it anyway."). A longer one is whole in the tooltip.
        error.setMinHeight(3 * 18);
        error.setPrefHeight(3 * 18);
        error.setAlignment(Pos.TOP_LEFT);
        error.textProperty().bind(check.errorProperty());
        error.tooltipProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> error.getText().isEmpty() ? null : new javafx.scene.control.Tooltip(error.getText()),
                error.textProperty()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(check.checkingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label checking = new Label("Checking…");
        checking.getStyleClass().add(Styles.TEXT_MUTED);
        checking.visibleProperty().bind(check.checkingProperty());
        checking.managedProperty().bind(checking.visibleProperty());
        HBox status = new HBox(8, spinner, checking);
        status.setAlignment(Pos.CENTER_LEFT);
        status.managedProperty().bind(check.checkingProperty());
        Label urlLabel = new Label("Server _URL");
        Label tokenLabel = new Label("Operator _token");
        urlLabel.setMnemonicParsing(true);
        tokenLabel.setMnemonicParsing(true);
        urlLabel.setLabelFor(urlField); // screen readers read the label, not the placeholder
        tokenLabel.setLabelFor(tokenField);
        urlLabel.setMinWidth(Region.USE_PREF_SIZE);
        tokenLabel.setMinWidth(Region.USE_PREF_SIZE);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.setPadding(new Insets(16, 20, 8, 20));
        grid.addRow(0, urlLabel, urlField);
        grid.addRow(1, tokenLabel, tokenField);
        grid.add(hint, 1, 2);
        grid.add(status, 1, 3);
        grid.add(error, 1, 4);
        getDialogPane().setContent(grid);

        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(connect, ButtonType.CANCEL);
        Node connectButton = getDialogPane().lookupButton(connect);
        connectButton.setId("connect-confirm");
        connectButton.getStyleClass().add(Styles.ACCENT);
        connectButton.disableProperty().bind(check.checkingProperty());
        // The dialog stays open while the server is asked; it closes with the accepted values.
        connectButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            check.check(accepted -> {
                setResult(accepted);
                close();
            });
        });
        // The error line is not focusable: where focus is after Connect (the button, or the field Enter was
        // pressed in), a screen reader gets it as help.
        for (Node n : new Node[] {urlField, tokenField, connectButton}) {
            n.accessibleHelpProperty().bind(check.errorProperty());
        }
        setResultConverter(b -> null); // only an accepted check gives a result; Cancel gives none
        // Change token…: the URL is known, the token is what needs typing.
        Platform.runLater(() -> (urlField.getText().isBlank() ? urlField : tokenField).requestFocus());
    }
}
