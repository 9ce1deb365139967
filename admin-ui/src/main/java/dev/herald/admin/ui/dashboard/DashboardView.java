package dev.herald.admin.ui.dashboard;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.herald.admin.ui.EmptyTable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.List;

/**
 * Big live numbers, the last 15 minutes as a chart ({@link StatsChart}), subscribers per topic. Below
 * {@link #ONE_ROW} of visible width the four small cards go two by two beside the big one.
 */
public final class DashboardView {
    // The big card (200) and four small ones (140) in one row, with gaps and page padding.
    private static final double ONE_ROW = 900;
    private final DashboardViewModel vm;
    private final javafx.scene.control.ScrollPane root;

    public DashboardView(DashboardViewModel vm) {
        this.vm = vm;
        Label title = new Label("Dashboard");
        title.getStyleClass().add(Styles.TITLE_2);
        Label subtitle = new Label();
        subtitle.setId("dashboard-status");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        subtitle.textProperty().bind(vm.statusProperty());

        Node hero = hero();
        List<Node> small = List.of(
                card("Notifications / min", vm.shown(vm.notificationsPerMinuteProperty()), "rate-notifications"),
                card("Deliveries / min", vm.shown(vm.deliveriesPerMinuteProperty()), "rate-deliveries"),
                // The server counts from its own start: after a restart this is 0 while History lists more.
                withNote(card("Notifications sent", vm.shown(vm.notificationsProperty()), "total-notifications"),
                        "since server start"),
                card("Dropped clients", vm.shown(vm.droppedProperty()), "total-dropped"));
        GridPane smallCards = new GridPane(14, 14);
        HBox cards = new HBox(14, hero, smallCards);
        HBox.setHgrow(smallCards, Priority.ALWAYS);

        HBox lower = new HBox(14, new StatsChart(vm).card(), topicsCard());
        lower.setMinHeight(330); // two charts of at least 110 each, with their captions
        VBox.setVgrow(lower, Priority.ALWAYS);
        VBox page = new VBox(16, new VBox(2, title, subtitle), cards, lower);
        page.setPadding(new Insets(20, 24, 20, 24));
        page.getStyleClass().add("page");
        // Greys the numbers (not the chart) while they are not live.
        vm.liveProperty().subscribe(live -> {
            if (live) {
                cards.getStyleClass().remove("stale");
            } else if (!cards.getStyleClass().contains("stale")) {
                cards.getStyleClass().add("stale");
            }
        });
        root = dev.herald.admin.ui.Pages.scrolling(page, ONE_ROW, narrow -> arrange(smallCards, small, narrow ? 2 : 4));
    }

    // The small cards in equal columns, as tall as the big card: 4 in one row, or 2 by 2.
    private static void arrange(GridPane grid, List<Node> cards, int columns) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        int rows = (cards.size() + columns - 1) / columns;
        for (int i = 0; i < rows; i++) {
            RowConstraints r = new RowConstraints();
            r.setVgrow(Priority.ALWAYS);
            r.setFillHeight(true);
            grid.getRowConstraints().add(r);
        }
        for (int i = 0; i < columns; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / columns);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        for (int i = 0; i < cards.size(); i++) {
            Node card = cards.get(i);
            GridPane.setFillWidth(card, true);
            GridPane.setFillHeight(card, true);
            grid.add(card, i % columns, i / columns);
        }
    }

    public Node root() {
        return root;
    }

    private Node hero() {
        Label number = new Label();
        number.setId("connected-count");
        number.getStyleClass().add("hero-number");
        number.textProperty().bind(vm.shown(vm.connectedProperty()));
        spoken(number, "Connected clients");
        Label caption = new Label("Connected clients");
        caption.getStyleClass().add("card-caption");
        VBox box = new VBox(2, caption, number, lineIfAny("connected-capacity", vm.capacityProperty()),
                lineIfAny("cluster-count", vm.clusterProperty()));
        box.getStyleClass().addAll("card", "hero-card");
        box.setMinWidth(200);
        box.setPrefWidth(220);
        return box;
    }

    // A caption line that takes no room while it has nothing to say.
    private static Label lineIfAny(String id, ReadOnlyStringProperty text) {
        Label line = new Label();
        line.setId(id);
        line.getStyleClass().add("card-caption");
        line.textProperty().bind(text);
        line.visibleProperty().bind(text.isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private static Node card(String caption, ObservableValue<String> value, String id) {
        Label number = new Label();
        number.setId(id);
        number.getStyleClass().add("card-number");
        number.textProperty().bind(value);
        spoken(number, caption);
        Label label = new Label(caption);
        label.getStyleClass().add("card-caption");
        VBox box = new VBox(6, label, number);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("card");
        box.setMinWidth(140);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    // A screen reader met a bare "1,234" (or "—"): the number says what it counts, and when it is not live.
    private static void spoken(Label number, String caption) {
        number.accessibleTextProperty().bind(number.textProperty().map(
                t -> caption + ": " + (DashboardViewModel.NO_VALUE.equals(t) ? "not live" : t)));
    }

    // A line under the number, so the numbers of all cards stay level.
    private static Node withNote(Node card, String note) {
        Label label = new Label(note);
        label.getStyleClass().add("card-caption");
        ((VBox) card).getChildren().add(label);
        return card;
    }

    private Node topicsCard() {
        TableView<TopicCount> topics = countTable(vm.topics(), "Topic", TopicCount::topic, "Subscribers",
                TopicCount::subscribers);
        EmptyTable.says(topics, vm.liveProperty(), "No clients connected");
        topics.setId("topics-table");
        TableView<UserCount> users = countTable(vm.users(), "User", UserCount::user, "Connections",
                UserCount::connections);
        EmptyTable.says(users, vm.liveProperty(), "No signed-in users connected");
        users.setId("users-table");
        // Two pill toggles switch between the tables (a TabPane this narrow shows an overflow menu).
        javafx.scene.control.ToggleButton topicsButton = new javafx.scene.control.ToggleButton("Topics");
        javafx.scene.control.ToggleButton usersButton = new javafx.scene.control.ToggleButton("Users");
        topicsButton.getStyleClass().add(Styles.LEFT_PILL);
        usersButton.getStyleClass().add(Styles.RIGHT_PILL);
        usersButton.setId("users-toggle");
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        group.getToggles().addAll(topicsButton, usersButton);
        topicsButton.setSelected(true);
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            }
        });
        users.visibleProperty().bind(usersButton.selectedProperty());
        topics.visibleProperty().bind(usersButton.selectedProperty().not());
        javafx.scene.layout.StackPane tables = new javafx.scene.layout.StackPane(topics, users);
        HBox switcher = new HBox(topicsButton, usersButton);
        Label listed = new Label();
        listed.setId("listed-note");
        listed.getStyleClass().add(Styles.TEXT_MUTED);
        listed.textProperty().bind(Bindings.when(usersButton.selectedProperty())
                .then(vm.usersNoteProperty()).otherwise(vm.topicsNoteProperty()));
        listed.managedProperty().bind(listed.textProperty().isNotEmpty());
        listed.visibleProperty().bind(listed.managedProperty());
        VBox box = new VBox(10, switcher, tables, listed);
        VBox.setVgrow(tables, Priority.ALWAYS);
        box.getStyleClass().add("card");
        box.setPrefWidth(320);
        box.setMinWidth(260);
        return box;
    }

    private static <R> TableView<R> countTable(javafx.collections.ObservableList<R> rows, String nameHeader,
                                               java.util.function.Function<R, String> name, String countHeader,
                                               java.util.function.ToIntFunction<R> count) {
        TableView<R> table = new TableView<>(rows);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        TableColumn<R, String> first = new TableColumn<>(nameHeader);
        first.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(name.apply(c.getValue())));
        TableColumn<R, Number> second = new TableColumn<>(countHeader);
        second.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(count.applyAsInt(c.getValue())));
        second.setCellFactory(c -> new dev.herald.admin.ui.TextCell<>(dev.herald.admin.ui.Numbers::of));
        second.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        table.getColumns().addAll(java.util.List.of(first, second));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }
}
