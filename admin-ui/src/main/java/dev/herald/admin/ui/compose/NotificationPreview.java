package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.client.NotificationDraft;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The draft drawn as the web page draws a notification: a card with the level's colour and icon,
 * title, message (text only, never markup), tags, link and time.
 */
final class NotificationPreview {
    private final Label icon = new Label();
    private final Label title = new Label();
    private final Label time = new Label("just now");
    private final Label message = new Label();
    private final FlowPane tags = new FlowPane(6, 6);
    private final Hyperlink link = new Hyperlink();
    private final Label audience = new Label();
    private final VBox card;

    NotificationPreview() {
        icon.getStyleClass().add("preview-icon");
        title.getStyleClass().add("preview-title");
        title.setWrapText(true);
        time.getStyleClass().add("preview-time");
        message.getStyleClass().add("preview-message");
        message.setId("preview-message");
        message.setWrapText(true);
        link.getStyleClass().add("preview-link");
        audience.getStyleClass().add("preview-audience");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, icon, title, spacer, time);
        head.setAlignment(Pos.CENTER_LEFT);
        card = new VBox(8, head, message, tags, link, audience);
        card.getStyleClass().add("preview-card");
        card.setMaxWidth(420);
    }

    Node root() {
        return card;
    }

    void show(NotificationDraft d) {
        String level = d.level() == null ? "info" : d.level();
        card.getStyleClass().removeIf(c -> c.startsWith("level-"));
        card.getStyleClass().add("level-" + level);
        icon.setText(switch (level) {
            case "success" -> "✔";
            case "warning" -> "⚠";
            case "error" -> "✖";
            default -> "ℹ";
        });
        boolean hasTitle = d.title() != null && !d.title().isBlank();
        title.setText(hasTitle ? d.title() : capitalize(level));
        message.setText(d.message().isBlank() ? "Your message appears here" : d.message());
        message.setOpacity(d.message().isBlank() ? 0.5 : 1);
        tags.getChildren().setAll(d.tags().stream().map(t -> {
            Label chip = new Label(t);
            chip.getStyleClass().add("preview-tag");
            return (Node) chip;
        }).toList());
        tags.setVisible(!d.tags().isEmpty());
        tags.setManaged(!d.tags().isEmpty());
        boolean hasUrl = d.url() != null && !d.url().isBlank();
        link.setText(hasUrl ? "Open " + d.url() + " →" : "");
        link.setVisible(hasUrl);
        link.setManaged(hasUrl);
        String to = d.topics().isEmpty() ? "everyone" : "topics " + String.join(", ", d.topics());
        audience.setText("To " + to + (d.ttl() == null ? "" : " · expires after " + d.ttl() + " s"));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
