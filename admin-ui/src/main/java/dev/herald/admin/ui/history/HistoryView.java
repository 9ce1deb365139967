package dev.herald.admin.ui.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.herald.admin.ui.Confirm;
import dev.herald.admin.ui.EmptyTable;
import dev.herald.admin.ui.client.NotificationDraft;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
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

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Recent notifications with recipients, delivered and seen counts (live from the stats feed);
 * resend, edit, retract, see who saw one, export as CSV.
 */
public final class HistoryView {
    private final HistoryViewModel vm;
    private final VBox root;

    /** @param edit opens a stored notification in the compose view */
    public HistoryView(HistoryViewModel vm, Consumer<NotificationDraft> edit) {
        this.vm = vm;
        Label title = new Label("History");
        title.getStyleClass().add(Styles.TITLE_2);
        Label subtitle = new Label("Newest first, updated live; Load older below the table for earlier ones");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);

        TableView<NotificationRow> table = table();
        Button refresh = new Button("Refresh");
        refresh.setId("history-refresh");
        refresh.setOnAction(e -> vm.reloadAll());
        Button resend = new Button("Resend");
        resend.setId("history-resend");
        resend.getStyleClass().add(Styles.ACCENT);
        resend.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        // Both act on every recipient at once: the operator sees what and to whom before it happens.
        resend.setOnAction(e -> {
            NotificationRow row = table.getSelectionModel().getSelectedItem();
            if (Confirm.ask(resend, "Send #" + row.id() + " again?",
                    row.confirmationText() + "\n\nIt goes out as a new notification to everyone on this audience.",
                    "Resend")) {
                vm.resend(row);
            }
        });
        Button editButton = new Button("Edit & resend…");
        editButton.setId("history-edit");
        editButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        editButton.setOnAction(e -> edit.accept(table.getSelectionModel().getSelectedItem().draft()));
        Label message = new Label();
        message.setId("history-message");
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.textProperty().bind(vm.messageProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button retract = new Button("Retract");
        retract.setId("history-retract");
        retract.getStyleClass().add(Styles.DANGER);
        retract.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        retract.setOnAction(e -> {
            NotificationRow row = table.getSelectionModel().getSelectedItem();
            if (Confirm.ask(retract, "Retract #" + row.id() + "?",
                    row.confirmationText() + "\n\nOpen pages remove it and it leaves the log for good.", "Retract")) {
                vm.retract(row);
            }
        });
        Button export = new Button("Export CSV…");
        export.setId("history-export");
        export.setTooltip(new javafx.scene.control.Tooltip("Saves the notifications loaded here (Load older to add more)"));
        export.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setInitialFileName("herald-history.csv");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
            java.io.File file = chooser.showSaveDialog(export.getScene().getWindow());
            if (file != null) {
                vm.exportCsv(file.toPath());
            }
        });
        // A receipt or a reload replaces the selected row with one of new counts, and the table then
        // drops the selection: the first "seen" of the notification an operator was watching cleared
        // its detail (an operator's QA pass). The same notification is selected again, by id.
        long[] reselect = {-1};
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (row != null && was != null && table.getItems().stream().noneMatch(r -> r.id() == was.id())) {
                // The selected notification left (retracted, pruned) and JavaFX selected its neighbour:
                // Retract and Resend would act on a row nobody chose. Cleared once the selection model is done,
                // unless the operator chose another meanwhile (Down right after a retract, in the same pulse).
                reselect[0] = -1;
                long picked = row.id();
                javafx.application.Platform.runLater(() -> {
                    NotificationRow now = table.getSelectionModel().getSelectedItem();
                    if (now != null && now.id() == picked) {
                        table.getSelectionModel().clearSelection();
                    }
                });
            } else if (row != null) {
                reselect[0] = -1;
                vm.loadDetail(row.id());
            } else if (was != null && table.getItems().stream().noneMatch(r -> r == was)
                    && table.getItems().stream().anyMatch(r -> r.id() == was.id())) {
                reselect[0] = was.id(); // replaced, not deselected: selected again below
            } else {
                reselect[0] = -1;
                vm.clearDetail();
            }
        });
        // Runs after the selection model has handled the same change (it listens first).
        table.getItems().addListener((javafx.collections.ListChangeListener<NotificationRow>) c -> {
            long id = reselect[0];
            reselect[0] = -1;
            if (id == -1 || !table.getSelectionModel().isEmpty()) {
                return;
            }
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).id() == id) {
                    table.getSelectionModel().select(i);
                    return;
                }
            }
            vm.clearDetail();
        });
        // The outcome line sits below the buttons, so a long message never pushes them out of view.
        HBox toolbar = new HBox(10, refresh, export, spacer, retract, editButton, resend);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getChildren().forEach(n -> {
            if (n instanceof Button b) {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        message.setWrapText(true);

        VBox card = new VBox(table);
        card.getStyleClass().addAll("card", "table-card");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox.setVgrow(card, Priority.ALWAYS);
        String hint = "Select a notification to see who received and saw it";
        Label detail = new Label(hint);
        detail.setId("history-detail");
        detail.setWrapText(true);
        detail.getStyleClass().add(Styles.TEXT_MUTED);
        vm.detailProperty().addListener((o, a, d) -> detail.setText(d == null ? hint : d.summary()));
        // Named by the title; who received and saw the selected one is said on the table, where focus is.
        title.setLabelFor(table);
        table.accessibleHelpProperty().bind(detail.textProperty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        root = new VBox(14, new VBox(2, title, subtitle), toolbar, message, card, olderRow(), detail);
        root.setPadding(new Insets(20, 24, 20, 24));
        root.getStyleClass().add("page");
    }

    public Node root() {
        return root;
    }

    // Below the table: how much is loaded (what Export CSV saves) and the way to earlier pages.
    private Node olderRow() {
        Button older = new Button("Load older");
        older.setId("history-older");
        older.setMinWidth(Region.USE_PREF_SIZE);
        older.disableProperty().bind(vm.hasMoreProperty().not().or(vm.loadingOlderProperty()));
        older.setOnAction(e -> vm.loadOlder());
        Label summary = new Label();
        summary.setId("history-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        HBox row = new HBox(10, older, summary);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private TableView<NotificationRow> table() {
        SortedList<NotificationRow> sorted = new SortedList<>(vm.rows());
        TableView<NotificationRow> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("history-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        // Ids, times, pills and counts keep their width (the table scrolls sideways instead);
        // title, message and topics give way, with the whole text in a tooltip.
        TableColumn<NotificationRow, Long> id = column("#", NotificationRow::id, 64, 56);
        id.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        TableColumn<NotificationRow, Instant> time = column("Time", NotificationRow::time, 90, 80);
        time.setCellFactory(c -> cell(dev.herald.admin.ui.TimeText::of, null));
        TableColumn<NotificationRow, String> level = column("Level", NotificationRow::level, 90, 90);
        level.setCellFactory(c -> cell(l -> l, "level-pill"));
        TableColumn<NotificationRow, String> titleColumn = column("Title", NotificationRow::title, 130, 70);
        titleColumn.setCellFactory(c -> cell(t -> t, null));
        TableColumn<NotificationRow, String> messageColumn = column("Message", r -> r.message().replace('\n', ' '), 250, 110);
        messageColumn.setCellFactory(c -> cell(m -> m, null));
        TableColumn<NotificationRow, String> topics = column("Audience", NotificationRow::audience, 110, 70);
        topics.setCellFactory(c -> cell(t -> t, null));
        TableColumn<NotificationRow, Integer> recipients = column("Recipients", NotificationRow::recipients, 104, 104);
        recipients.setCellFactory(c -> cell(dev.herald.admin.ui.Numbers::of, null));
        recipients.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        TableColumn<NotificationRow, Long> delivered = column("Delivered", NotificationRow::delivered, 96, 96);
        delivered.setCellFactory(c -> cell(dev.herald.admin.ui.Numbers::of, null));
        delivered.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        TableColumn<NotificationRow, Integer> pages = column("Pages", NotificationRow::pages, 70, 70);
        pages.setCellFactory(c -> cell(dev.herald.admin.ui.Numbers::of, null));
        pages.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        TableColumn<NotificationRow, Integer> seen = column("Seen", NotificationRow::seen, 64, 64);
        seen.setCellFactory(c -> cell(dev.herald.admin.ui.Numbers::of, null));
        seen.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        table.getColumns().addAll(List.of(id, time, level, titleColumn, messageColumn, topics,
                recipients, delivered, pages, seen));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // A constrained resize policy never shows a horizontal scroll bar: once the columns' narrowest
        // widths no longer fit, those past the edge were cut off, out of reach (Recipients to Seen, at the
        // 900 px minimum window). Below that width the table keeps its columns and scrolls sideways.
        double narrowest = table.getColumns().stream().mapToDouble(TableColumn::getMinWidth).sum() + 20;
        table.widthProperty().subscribe(w -> table.setColumnResizePolicy(w.doubleValue() < narrowest
                ? TableView.UNCONSTRAINED_RESIZE_POLICY : TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN));
        dev.herald.admin.ui.TableFocus.downSelectsTheFirstRow(table); // the newest
        EmptyTable.says(table, vm.liveProperty(), "No notifications yet").setId("history-empty");
        return table;
    }

    // Null counts mean the server no longer tracks that notification: shown as a dash.
    private static <T> TableCell<NotificationRow, T> cell(Function<T, String> text, String style) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                getStyleClass().removeIf(c -> c.startsWith("level-"));
                if (empty) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                String s = value == null ? "—" : text.apply(value);
                if (style != null && value != null) {
                    Label pill = new Label(s);
                    pill.getStyleClass().addAll(style, "level-" + s);
                    setGraphic(pill);
                    setText(null);
                } else {
                    setText(s);
                }
                // Whole text on hover, for what a narrow column cuts off (not for short counts).
                setTooltip(style != null || s.length() < 12 ? null : new javafx.scene.control.Tooltip(s));
            }
        };
    }

    private static <T> TableColumn<NotificationRow, T> column(String name, Function<NotificationRow, T> value,
                                                               double width, double minWidth) {
        TableColumn<NotificationRow, T> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(minWidth);
        return c;
    }
}
