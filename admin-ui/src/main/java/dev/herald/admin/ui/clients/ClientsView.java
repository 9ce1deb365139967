package dev.herald.admin.ui.clients;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.herald.admin.ui.TextCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.util.function.Function;

/** Sortable, filterable live table of connected clients; disconnect one from the toolbar or row menu. */
public final class ClientsView {
    private final ClientsViewModel vm;
    private final VBox root;

    public ClientsView(ClientsViewModel vm) {
        this.vm = vm;
        Label title = new Label("Clients");
        title.getStyleClass().add(Styles.TITLE_2);
        Label subtitle = new Label("Open event streams, updated as clients come and go");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);

        TableView<ClientRow> table = table();
        TextField filter = new TextField();
        filter.setId("clients-filter");
        filter.setPromptText("Filter clients (id, topic, user, address, agent)");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefWidth(380);
        filter.setMinWidth(160);
        Label count = new Label();
        count.setId("clients-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(() -> dev.herald.admin.ui.Numbers.of(vm.clients().size())
                + " of " + dev.herald.admin.ui.Numbers.of(vm.total()) + " clients", vm.clients(), vm.allClients()));
        // A placeholder is no name once something is typed: a label names the filter, Alt+F goes there.
        Label filterLabel = new Label("_Filter");
        filterLabel.setMnemonicParsing(true);
        filterLabel.setLabelFor(filter);
        filterLabel.setMinWidth(Region.USE_PREF_SIZE);
        title.setLabelFor(table);
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refresh());
        refresh.setTooltip(new Tooltip(
                "Reload the list, with Last id and Queue (clients coming and going show up by themselves)"));
        Button disconnect = new Button("Disconnect");
        disconnect.setId("disconnect-button");
        disconnect.getStyleClass().add(Styles.DANGER);
        disconnect.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        disconnect.setOnAction(e -> {
            vm.disconnect(table.getSelectionModel().getSelectedItem());
            table.getSelectionModel().clearSelection(); // a second click must not take the next row
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        count.setMinWidth(Region.USE_PREF_SIZE);
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        disconnect.setMinWidth(Region.USE_PREF_SIZE);
        HBox toolbar = new HBox(10, filterLabel, filter, count, spacer, refresh, disconnect);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("clients-message");
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.textProperty().bind(vm.messageProperty());
        Label counters = new Label();
        counters.setId("clients-counters");
        counters.getStyleClass().add(Styles.TEXT_MUTED);
        counters.textProperty().bind(vm.countersNoteProperty());
        counters.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox footer = new HBox(10, message, gap, counters);

        VBox card = new VBox(table);
        card.getStyleClass().addAll("card", "table-card");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox.setVgrow(card, Priority.ALWAYS);
        root = new VBox(14, new VBox(2, title, subtitle), toolbar, card, footer);
        root.setPadding(new Insets(20, 24, 20, 24));
        root.getStyleClass().add("page");
    }

    public Node root() {
        return root;
    }

    private TableView<ClientRow> table() {
        SortedList<ClientRow> sorted = new SortedList<>(vm.clients());
        TableView<ClientRow> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("clients-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        // Times and numbers never shrink below their header ("Last…", "Qu…"); text columns give way
        // and show their whole value as a tooltip.
        TableColumn<ClientRow, Instant> since = fixed(column("Since", ClientRow::connectedAt,
                dev.herald.admin.ui.TimeText::of, 90));
        TableColumn<ClientRow, Long> last = fixed(column("Last id", ClientRow::lastEventId, String::valueOf, 84));
        last.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        TableColumn<ClientRow, Integer> queue = fixed(column("Queue", ClientRow::queueDepth, dev.herald.admin.ui.Numbers::of, 78));
        queue.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        // Connection ids (node-counter-random, "s5y8uy6q-12-f2m9c0xe") tell rows apart only whole: they were
        // cut to "s5y8uy6q-1-…" at the default width (twenty-first session's tester). Fitted to the longest.
        TableColumn<ClientRow, String> connection = column("Connection", ClientRow::id, String::valueOf, 130);
        table.getColumns().addAll(java.util.List.of(
                connection,
                atLeast(column("Topics", ClientRow::topicsText, String::valueOf, 160), 70),
                atLeast(column("User", r -> r.user() == null ? "—" : r.user(), String::valueOf, 80), 60),
                atLeast(column("Address", ClientRow::remoteAddress, String::valueOf, 110), 90),
                atLeast(column("User agent", ClientRow::userAgent, String::valueOf, 300), 60),
                since, last, queue));
        table.getSortOrder().add(since);
        dev.herald.admin.ui.FitColumn.toLongest(table, connection, ClientRow::id, 120);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.setId("clients-empty");
        empty.textProperty().bind(vm.emptyTextProperty());
        table.setPlaceholder(empty);
        dev.herald.admin.ui.TableFocus.downSelectsTheFirstRow(table);
        // A row that leaves (the client went, was disconnected, or the filter hides it) hands its selection to
        // the next row in JavaFX: Disconnect would then act on a client nobody chose. Cleared once the selection
        // model is done, unless the operator chose another row meanwhile (clients come and go all the time).
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (was != null && now != null && !table.getItems().contains(was)) {
                javafx.application.Platform.runLater(() -> {
                    ClientRow selected = table.getSelectionModel().getSelectedItem();
                    if (selected != null && selected.id().equals(now.id())) {
                        table.getSelectionModel().clearSelection();
                    }
                });
            }
        });
        table.setRowFactory(t -> {
            TableRow<ClientRow> row = new TableRow<>();
            MenuItem kick = new MenuItem("Disconnect");
            kick.setOnAction(e -> vm.disconnect(row.getItem()));
            ContextMenu menu = new ContextMenu(kick);
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
            return row;
        });
        return table;
    }

    // Text columns give way as the window narrows, down to where their values still tell rows apart.
    private static <T> TableColumn<ClientRow, T> atLeast(TableColumn<ClientRow, T> c, double min) {
        c.setMinWidth(min);
        return c;
    }

    private static <T> TableColumn<ClientRow, T> fixed(TableColumn<ClientRow, T> c) {
        c.setMinWidth(c.getPrefWidth());
        return c;
    }

    private static <T> TableColumn<ClientRow, T> column(String name, Function<ClientRow, T> value,
                                                         Function<T, String> text, double width) {
        TableColumn<ClientRow, T> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TextCell<>(text));
        c.setPrefWidth(width);
        return c;
    }
}
