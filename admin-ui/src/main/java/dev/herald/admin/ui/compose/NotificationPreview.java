package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.client.NotificationDraft;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The draft drawn the way the web page (web/.../view.js, styles.css) draws a notification: a card
 * with a level-coloured left edge and badge, the title (underlined when it links somewhere; the
 * message when there is no title), an upper-case level tag and the time, the message as plain
 * text, then #topic and tag chips.
 */
final class NotificationPreview {
    private final Label icon = new Label();
    private final Label title = new Label();
    private final Label levelTag = new Label();
    private final Label time = new Label("just now");
    private final Label message = new Label();
    private final FlowPane chips = new FlowPane(6, 6);
    private final Label target = new Label();
    private final HBox card;

    NotificationPreview() {
        StackPane badge = new StackPane(icon);
        badge.getStyleClass().add("preview-badge");
        badge.setMinSize(36, 36);
        badge.setMaxSize(36, 36);
        icon.getStyleClass().add("preview-icon");
        title.getStyleClass().add("preview-title");
        title.setWrapText(true);
        levelTag.getStyleClass().add("preview-level");
        time.getStyleClass().add("preview-time");
        message.getStyleClass().add("preview-message");
        message.setId("preview-message");
        message.setWrapText(true);
        target.getStyleClass().add("preview-target");
        target.setWrapText(true);
        // The title takes what is left; the level tag and time never shrink.
        levelTag.setMinWidth(Region.USE_PREF_SIZE);
        time.setMinWidth(Region.USE_PREF_SIZE);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        HBox head = new HBox(10, title, levelTag, time);
        head.setAlignment(Pos.BASELINE_LEFT);
        VBox body = new VBox(6, head, message, chips, target);
        HBox.setHgrow(body, Priority.ALWAYS);
        card = new HBox(14, badge, body);
        card.getStyleClass().add("preview-card");
        card.setMaxWidth(480);
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
            case "warning" -> "!";
            case "error" -> "✖";
            default -> "i";
        });
        levelTag.setText(level.toUpperCase(Locale.ROOT));
        // Like the page: without a title the message is the headline and no body line is shown.
        boolean hasTitle = d.title() != null && !d.title().isBlank();
        boolean empty = d.message().isBlank();
        String text = empty ? "Your message appears here" : d.message();
        title.setText(hasTitle ? d.title() : text);
        title.setOpacity(!hasTitle && empty ? 0.5 : 1);
        boolean hasUrl = d.url() != null && !d.url().isBlank();
        title.setUnderline(hasUrl);
        message.setText(text);
        message.setOpacity(empty ? 0.5 : 0.9);
        message.setVisible(hasTitle);
        message.setManaged(hasTitle);
        List<Node> chipNodes = new ArrayList<>();
        d.topics().stream().filter(t -> !t.equals("all"))
                .forEach(t -> chipNodes.add(DraftValidator.isTopic(t)
                        ? chip("#" + t, "preview-chip-topic")
                        : chip("⚠ " + t, "preview-chip-invalid")));
        d.tags().forEach(t -> chipNodes.add(chip(t, "preview-chip")));
        chips.getChildren().setAll(chipNodes);
        chips.setVisible(!chipNodes.isEmpty());
        chips.setManaged(!chipNodes.isEmpty());
        String to = (d.topics().isEmpty() ? "everyone" : "topics " + String.join(", ", d.topics()))
                + (d.users().isEmpty() ? "" : ", only users " + String.join(", ", d.users()));
        target.setText("To " + to + (hasUrl ? " · click opens " + d.url() : "")
                + (d.ttl() == null ? "" : " · expires after " + d.ttl() + " s"));
    }

    private static Node chip(String text, String style) {
        Label chip = new Label(text);
        chip.getStyleClass().addAll("preview-chip", style);
        return chip;
    }
}
