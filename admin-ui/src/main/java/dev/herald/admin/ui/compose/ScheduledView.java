package dev.herald.admin.ui.compose;

import atlantafx.base.theme.Styles;
import dev.herald.admin.ui.Confirm;
import dev.herald.admin.ui.EmptyTable;
import dev.herald.admin.ui.FitColumn;
import dev.herald.admin.ui.TextCell;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/** Below the compose form: what is scheduled and not yet sent, with Cancel. */
public final class ScheduledView {
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("MMM d HH:mm")
            .withZone(ZoneId.systemDefault());
    private final VBox root;

    public ScheduledView(ScheduledViewModel vm) {
        Label title = new Label("Scheduled");
        title.getStyleClass().add(Styles.TITLE_4);
        TableView<ScheduledViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("scheduled-table");
        table.setPrefHeight(220);
        table.setMinHeight(120);
        // The column beside the preview is ~350 px at the default window: four columns left the message
        // "…" (twenty-first session's tester). Id and due fit their values; the message takes the rest, with
        // its audience on a second line.
        TableColumn<ScheduledViewModel.Row, String> id = column("Id", ScheduledViewModel.Row::id, 45);
        TableColumn<ScheduledViewModel.Row, String> due = column("Due", r -> DUE.format(r.due()), 105);
        TableColumn<ScheduledViewModel.Row, ScheduledViewModel.Row> what = new TableColumn<>("Message");
        what.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        what.setCellFactory(c -> new MessageCell());
        what.setMinWidth(120);
        table.getColumns().addAll(List.of(id, due, what));
        // A cluster node's ids (s-k3f9x2.7) are longer than a single node's (s-7): the column fits the longest.
        FitColumn.toLongest(table, id, ScheduledViewModel.Row::id, 45);
        FitColumn.toLongest(table, due, r -> DUE.format(r.due()), 60);
        // No wider than that: the constrained policy gave them a share of the spare width (s-1 in 77 px),
        // which the message needs more.
        id.maxWidthProperty().bind(id.minWidthProperty());
        due.maxWidthProperty().bind(due.minWidthProperty());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        EmptyTable.says(table, vm.liveProperty(), "Nothing scheduled");
        dev.herald.admin.ui.TableFocus.downSelectsTheFirstRow(table); // the soonest
        Button cancel = new Button("Cancel");
        cancel.setId("scheduled-cancel");
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        cancel.setOnAction(e -> {
            ScheduledViewModel.Row row = table.getSelectionModel().getSelectedItem();
            if (row != null && Confirm.ask(cancel, "Cancel " + row.id() + "?", row.confirmationText(DUE.format(row.due())),
                    "Do not send it", "Keep it")) {
                vm.cancel(row);
            }
        });
        title.setLabelFor(table); // the table's name for a screen reader
        Label message = new Label();
        message.setId("scheduled-message");
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.textProperty().bind(vm.messageProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, title, spacer, cancel);
        head.setAlignment(Pos.CENTER_LEFT);
        message.setWrapText(true);
        root = new VBox(8, head, table, message);
    }

    public Node root() {
        return root;
    }

    /** Lines of the message shown in a row: most messages whole, and a long one cannot fill the table. */
    static final int MESSAGE_LINES = 3;

    // The message (title first) on up to MESSAGE_LINES lines and its audience under it, each cut with "…"
    // and whole on hover. One line held ~25 characters at the default window (the column is ~250 px).
    private static final class MessageCell extends TableCell<ScheduledViewModel.Row, ScheduledViewModel.Row> {
        private final Label message = new Label();
        private final Label audience = new Label();
        private final VBox lines = new VBox(2, message, audience) {
            // The row asks its cells' height without a width (the cell passes -1 less its padding), and a
            // wrapping label answers that with one line: asked at the width it will have, it wraps.
            @Override
            protected double computePrefHeight(double width) {
                return super.computePrefHeight(getPrefWidth());
            }
        };

        MessageCell() {
            message.getStyleClass().add("scheduled-message");
            audience.getStyleClass().addAll("scheduled-audience", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            message.setMinWidth(0);
            message.setWrapText(true);
            message.fontProperty().subscribe(f -> message.setMaxHeight(linesHigh(f, MESSAGE_LINES)));
            audience.setMinWidth(0);
            lines.setMinWidth(0);
            // As wide as the cell, so the labels cut their text rather than the cell cutting the labels.
            lines.prefWidthProperty().bind(widthProperty().subtract(16));
            lines.maxWidthProperty().bind(lines.prefWidthProperty());
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(ScheduledViewModel.Row r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            message.setText((r.title().isEmpty() ? "" : r.title() + " · ") + r.message().replace('\n', ' '));
            audience.setText("to " + r.audience());
            setGraphic(lines);
            setTooltip(new javafx.scene.control.Tooltip(message.getText() + "\n" + audience.getText()));
        }
    }

    // Room for n lines of text in this font and not n + 1: with exactly n lines' height the label showed
    // n - 1 (its own rounding), so half a line more.
    private static double linesHigh(javafx.scene.text.Font font, int n) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text("Ag");
        probe.setFont(font);
        return Math.ceil(probe.getLayoutBounds().getHeight() * (n + 0.5));
    }

    private static <T> TableColumn<ScheduledViewModel.Row, T> column(String name,
                                                                     Function<ScheduledViewModel.Row, T> value,
                                                                     double width) {
        TableColumn<ScheduledViewModel.Row, T> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TextCell<>(String::valueOf));
        c.setPrefWidth(width);
        return c;
    }
}
