package dev.herald.admin.ui;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/** A yes/no question before an action that reaches every recipient or cannot be undone. */
public final class Confirm {
    private Confirm() {
    }

    /** @return true when the operator pressed {@code action}; Cancel is the default button */
    public static boolean ask(Node from, String question, String details, String action) {
        return ask(from, question, details, action, "Cancel");
    }

    /** @param keep the label of the default button, which does nothing */
    public static boolean ask(Node from, String question, String details, String action, String keep) {
        ButtonType yes = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType(keep, ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, details, yes, no);
        alert.initOwner(from.getScene().getWindow());
        alert.setTitle(question);
        alert.setHeaderText(question);
        alert.getDialogPane().setId("confirm-dialog");
        alert.getDialogPane().lookupButton(yes).setId("confirm-yes");
        alert.getDialogPane().lookupButton(no).setId("confirm-no");
        // Enter must not resend, retract or cancel by accident.
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }
}
