package dev.herald.admin.ui.compose;

import atlantafx.base.theme.Styles;
import dev.herald.admin.ui.Confirm;
import dev.herald.admin.ui.TextCell;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

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
        table.getColumns().addAll(List.of(
                column("Id", ScheduledViewModel.Row::id, 45),
                column("Due", r -> DUE.format(r.due()), 105),
                column("Audience", ScheduledViewModel.Row::audience, 150),
                column("Message", r -> (r.title().isEmpty() ? "" : r.title() + " · ") + r.message().replace('\n', ' '), 200)));
        // Id, due time and audience stay readable; the message takes what is left (whole in its tooltip).
        table.getColumns().get(0).setMinWidth(45);
        table.getColumns().get(1).setMinWidth(125);
        table.getColumns().get(2).setMinWidth(130); // "everyone · user: alice" reads whole
        // A cluster node's ids (s-k3f9x2.7) are longer than a single node's (s-7): the column fits the longest.
        InvalidationListener fit = o -> fitIds(table);
        table.getItems().addListener(fit);
        table.itemsProperty().addListener((o, old, now) -> {
            old.removeListener(fit);
            now.addListener(fit);
            fitIds(table);
        });
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing scheduled"));
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

    private static void fitIds(TableView<ScheduledViewModel.Row> table) {
        List<ScheduledViewModel.Row> rows = table.getItems();
        Text probe = new Text();
        // Measured in the table's own font (the theme's, larger than Text's default), once it is shown.
        if (table.lookup(".column-header .label") instanceof Label header) {
            probe.setFont(header.getFont());
        }
        TableColumn<ScheduledViewModel.Row, ?> id = table.getColumns().getFirst();
        double widest = 0;
        for (ScheduledViewModel.Row r : rows) {
            probe.setText(r.id());
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        double width = Math.max(45, Math.ceil(widest) + 20); // the cell's padding
        id.setMinWidth(width);
        id.setPrefWidth(width);
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
