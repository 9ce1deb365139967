package dev.herald.admin.ui;

import atlantafx.base.theme.Styles;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.clients.ClientsView;
import dev.herald.admin.ui.clients.ClientsViewModel;
import dev.herald.admin.ui.compose.ComposeView;
import dev.herald.admin.ui.compose.ComposeViewModel;
import dev.herald.admin.ui.connection.ConnectCheck;
import dev.herald.admin.ui.connection.ConnectDialog;
import dev.herald.admin.ui.connection.ConnectionSettings;
import dev.herald.admin.ui.connection.ConnectionViewModel;
import dev.herald.admin.ui.connection.StatusBar;
import dev.herald.admin.ui.dashboard.DashboardView;
import dev.herald.admin.ui.dashboard.DashboardViewModel;
import dev.herald.admin.ui.history.HistoryView;
import dev.herald.admin.ui.history.HistoryViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The window's content: header (server, connect, theme), navigation, the four views and the
 * connection status bar. Builds the view models and wires them to the one connection.
 */
public final class MainWindow {
    /** The four views, in navigation order; Ctrl+1..4 switch between them. */
    public enum Page { DASHBOARD, CLIENTS, COMPOSE, HISTORY }

    private final ConnectionSettings settings;
    private final ConnectionViewModel connection = new ConnectionViewModel(Fx.UI);
    private final DashboardViewModel dashboard = new DashboardViewModel();
    private final ClientsViewModel clients = new ClientsViewModel(Fx.UI);
    private final ComposeViewModel compose = new ComposeViewModel(Fx.UI);
    private final HistoryViewModel history = new HistoryViewModel(Fx.UI);
    private final dev.herald.admin.ui.compose.ScheduledViewModel scheduled =
            new dev.herald.admin.ui.compose.ScheduledViewModel(Fx.UI);
    private final Map<Page, Node> pages = new LinkedHashMap<>();
    private final Map<Page, ToggleButton> nav = new LinkedHashMap<>();
    private final StackPane content = new StackPane();
    private final BorderPane root = new BorderPane();
    private boolean dark;

    public MainWindow(ConnectionSettings settings) {
        this.settings = settings;
        this.dark = settings.dark();
        Theme.apply(dark);
        connection.addListener(dashboard);
        connection.addListener(clients);
        connection.addListener(compose);
        connection.addListener(history);
        connection.addListener(scheduled);
        compose.setOnScheduled(scheduled::refresh);
        // Each page scrolls on its own when the window is smaller than it (Compose and Dashboard
        // also rearrange), so no page's minimum size can push the header or status bar out of view.
        pages.put(Page.DASHBOARD, new DashboardView(dashboard).root());
        pages.put(Page.CLIENTS, Pages.scrolling(new ClientsView(clients).root()));
        ComposeView composeView = new ComposeView(compose, scheduled);
        pages.put(Page.COMPOSE, composeView.root());
        pages.put(Page.HISTORY, Pages.scrolling(new HistoryView(history, draft -> {
            compose.load(draft);
            show(Page.COMPOSE);
            // Else focus falls to the next focusable node once History hides: the header's Connect…,
            // where Enter opened the connect dialog instead of editing.
            composeView.focusMessage();
        }).root()));
        content.getStyleClass().add("content");
        content.getChildren().addAll(pages.values());
        root.getStyleClass().add("herald-root");
        root.setTop(header());
        root.setLeft(navigation());
        root.setCenter(content);
        root.setBottom(new StatusBar(connection, dashboard, () -> openConnectDialog(root.getScene().getWindow())).root());
        show(Page.DASHBOARD);
    }

    public BorderPane root() {
        return root;
    }

    /** Stylesheet and keyboard shortcuts of the scene this window lives in. */
    public void install(Scene scene) {
        Theme.install(scene);
        Page[] order = Page.values();
        for (int i = 0; i < order.length; i++) {
            Page p = order[i];
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> {
                show(p);
                nav.get(p).requestFocus(); // not left on the header's Connect… button, where Enter would open the dialog
            });
        }
    }

    /** Reconnects to the remembered server (also the default local one), or asks on first run. */
    public void connectOnStart(Window owner) {
        if (!settings.saved()) {
            openConnectDialog(owner);
            return;
        }
        try {
            connect(settings.url(), settings.token());
        } catch (IllegalArgumentException e) {
            openConnectDialog(owner); // a remembered URL that no longer parses: ask again
        }
    }

    public void connect(String url, String token) {
        connection.connect(HeraldClient.parseUrl(url), token);
    }

    public void show(Page page) {
        pages.forEach((p, node) -> node.setVisible(p == page));
        nav.get(page).setSelected(true);
    }

    private Node header() {
        Label brand = new Label("Herald");
        brand.getStyleClass().add("brand");
        Label sub = new Label("Admin");
        sub.getStyleClass().add("brand-sub");
        brand.setMinWidth(Region.USE_PREF_SIZE);
        sub.setMinWidth(Region.USE_PREF_SIZE);
        Label server = new Label();
        server.getStyleClass().add("header-server");
        // The server address gives way (with an ellipsis) before any button does.
        server.setMinWidth(0);
        javafx.scene.control.Tooltip fullAddress = new javafx.scene.control.Tooltip();
        fullAddress.textProperty().bind(server.textProperty());
        server.setTooltip(fullAddress);
        server.textProperty().bind(connection.serverProperty().map(s -> s.isEmpty() ? "No server" : s));
        Button connect = new Button("Connect…");
        connect.setId("connect-button");
        connect.setOnAction(e -> openConnectDialog(root.getScene().getWindow()));
        Button theme = new Button(dark ? "☀ Light" : "☾ Dark");
        theme.setId("theme-button");
        theme.setAccessibleText(dark ? "Switch to the light theme" : "Switch to the dark theme");
        theme.getStyleClass().add(Styles.FLAT);
        theme.setOnAction(e -> {
            dark = !dark;
            settings.dark(dark);
            Theme.apply(dark);
            theme.setText(dark ? "☀ Light" : "☾ Dark");
            theme.setAccessibleText(dark ? "Switch to the light theme" : "Switch to the dark theme");
        });
        connect.setMinWidth(Region.USE_PREF_SIZE);
        theme.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, brand, sub, spacer, server, connect, theme);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("header");
        return bar;
    }

    private Node navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox(4);
        box.getStyleClass().add("sidebar");
        String[][] labels = {{"◉", "Dashboard"}, {"☷", "Clients"}, {"✎", "Compose"}, {"↺", "History"}};
        Page[] order = Page.values();
        for (int i = 0; i < order.length; i++) {
            Page p = order[i];
            ToggleButton b = new ToggleButton(labels[i][0] + "   " + labels[i][1]);
            b.setId("nav-" + p.name().toLowerCase());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add("nav-item");
            b.setTooltip(new javafx.scene.control.Tooltip(labels[i][1] + " (Ctrl+" + (i + 1) + ")"));
            b.setAccessibleText(labels[i][1]); // the symbol is decoration
            b.setAccessibleHelp("Ctrl+" + (i + 1));
            b.setOnAction(e -> show(p));
            nav.put(p, b);
            box.getChildren().add(b);
        }
        // Keep one page selected even when the selected toggle is clicked again.
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null && old != null) {
                old.setSelected(true);
            }
        });
        box.setPadding(new Insets(12, 8, 12, 8));
        return box;
    }

    // Saved only after the dialog's check accepted them.
    private void openConnectDialog(Window owner) {
        ConnectCheck check = new ConnectCheck(Fx.UI, settings.url(), settings.token());
        new ConnectDialog(owner, check).showAndWait().ifPresent(c -> {
            settings.save(c.url(), c.token());
            connect(c.url(), c.token());
        });
    }

    public ConnectionViewModel connection() {
        return connection;
    }

    public DashboardViewModel dashboard() {
        return dashboard;
    }

    public ComposeViewModel compose() {
        return compose;
    }

    public void close() {
        connection.close();
    }
}
