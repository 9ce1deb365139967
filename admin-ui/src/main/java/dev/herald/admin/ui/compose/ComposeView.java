package dev.herald.admin.ui.compose;

import atlantafx.base.theme.Styles;
import javafx.beans.Observable;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The compose form on the left, the live preview on the right (below the form when the window is
 * narrow); the page scrolls rather than squeezing the form. Ctrl+Enter sends.
 */
public final class ComposeView {
    // Form (about 560) + gap + preview (340 at least) + page padding.
    private static final double SIDE_BY_SIDE = 970;
    private final ComposeViewModel vm;
    private final NotificationPreview preview = new NotificationPreview();
    private final ScrollPane root;
    private TextArea messageArea;

    public ComposeView(ComposeViewModel vm) {
        this(vm, null);
    }

    /** @param scheduled the scheduled list shown below the form, or null for none */
    public ComposeView(ComposeViewModel vm, ScheduledViewModel scheduled) {
        this.vm = vm;
        Label title = new Label("Compose");
        title.getStyleClass().add(Styles.TITLE_2);
        Label subtitle = new Label("Send a notification to every client, or to some topics");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);

        VBox form = new VBox(14, new VBox(2, title, subtitle), fields(), SendActions.create(vm, this::reveal));
        form.getStyleClass().add("compose-form");
        HBox.setHgrow(form, Priority.ALWAYS);

        Label previewTitle = new Label("Preview");
        previewTitle.getStyleClass().add(Styles.TITLE_4);
        Label previewHint = new Label("As the web page shows it");
        previewHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox previewPane = new VBox(10, new VBox(2, previewTitle, previewHint), preview.root());
        if (scheduled != null) {
            // Under the preview, where the column has room: what is waiting to go out.
            Node list = new ScheduledView(scheduled).root();
            VBox.setMargin(list, new Insets(16, 0, 0, 0));
            previewPane.getChildren().add(list);
        }
        previewPane.getStyleClass().add("preview-pane");
        previewPane.setPrefWidth(470);
        previewPane.setMinWidth(340);

        Observable[] inputs = {vm.messageProperty(), vm.titleProperty(), vm.levelProperty(), vm.everyoneProperty(),
                vm.topicsProperty(), vm.tagsProperty(), vm.usersProperty(), vm.urlProperty(), vm.ttlProperty()};
        for (Observable o : inputs) {
            o.addListener(x -> preview.show(vm.draft()));
        }
        preview.show(vm.draft());

        HBox wide = new HBox(20);
        VBox narrow = new VBox(20);
        VBox page = new VBox();
        page.setPadding(new Insets(20, 24, 20, 24));
        page.getStyleClass().add("page");
        root = dev.herald.admin.ui.Pages.scrolling(page, SIDE_BY_SIDE, isNarrow -> {
            Pane layout = isNarrow ? narrow : wide;
            layout.getChildren().setAll(form, previewPane);
            page.getChildren().setAll(layout);
            VBox.setVgrow(layout, Priority.ALWAYS);
        });
        // Its natural height, measured at the width it gets: a fitted height would be measured
        // without a width and squeeze the wrapped feedback lines to one cut-off line.
        root.setFitToHeight(false);
        // A filter, so the message area does not turn Ctrl+Enter into a newline first.
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                e.consume();
                vm.send();
            }
        });
    }

    public Node root() {
        return root;
    }

    /** Puts the cursor in the message, at the top of the page (History's "Edit & resend"). */
    public void focusMessage() {
        root.setVvalue(0);
        messageArea.requestFocus();
        messageArea.end();
    }

    private Node fields() {
        TextArea message = new TextArea();
        messageArea = message;
        message.setId("compose-message");
        message.setPromptText("What happened? (required)");
        message.setWrapText(true);
        message.setPrefRowCount(5);
        // Feedback lines below push the page into scrolling instead of squeezing the message.
        message.setMinHeight(96);
        // Tab moves on, as everywhere else in the form (a TextArea types a tab; only Ctrl+Tab left it, unsaid).
        message.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.TAB && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                e.consume();
                message.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, e.isShiftDown(), true, false, false));
            }
        });
        message.textProperty().bindBidirectional(vm.messageProperty());
        Label count = new Label();
        count.setId("compose-count");
        count.getStyleClass().add(Styles.TEXT_SMALL);
        count.textProperty().bind(vm.charCountProperty());
        // Red by the count it shows (an emoji is one character), not by String.length(): 2,100 rockets
        // read "2100 / 4096" in red while Send was on and the server took them.
        vm.overLimitProperty().subscribe(over -> count.pseudoClassStateChanged(Styles.STATE_DANGER, over));
        // The count sits below the box, where focus never goes: the box says it (and the send result) too.
        message.accessibleHelpProperty().bind(vm.charCountProperty().map(c -> c + " characters"));

        TextField titleField = text("compose-title", "Optional headline", vm.titleProperty()::bindBidirectional);
        ComboBox<String> level = new ComboBox<>();
        level.setId("compose-level");
        level.getItems().setAll(ComposeViewModel.LEVELS);
        level.valueProperty().bindBidirectional(vm.levelProperty());

        ToggleGroup audience = new ToggleGroup();
        RadioButton everyone = new RadioButton("Everyone");
        everyone.setId("compose-everyone");
        RadioButton some = new RadioButton("Topics");
        everyone.setMinWidth(Region.USE_PREF_SIZE);
        some.setMinWidth(Region.USE_PREF_SIZE);
        everyone.setToggleGroup(audience);
        some.setToggleGroup(audience);
        everyone.setSelected(vm.everyoneProperty().get());
        some.setSelected(!vm.everyoneProperty().get());
        everyone.selectedProperty().addListener((o, a, b) -> vm.everyoneProperty().set(b));
        vm.everyoneProperty().addListener((o, a, b) -> (b ? everyone : some).setSelected(true));
        TextField topics = text("compose-topics", "deploys, ops", vm.topicsProperty()::bindBidirectional);
        topics.setAccessibleText("Topics");
        topics.disableProperty().bind(vm.everyoneProperty());
        HBox.setHgrow(topics, Priority.ALWAYS);
        topics.setMinWidth(120);
        HBox audienceRow = new HBox(12, everyone, some, topics);
        audienceRow.setAlignment(Pos.CENTER_LEFT);

        TextField tags = text("compose-tags", "comma separated, e.g. ci, prod", vm.tagsProperty()::bindBidirectional);
        TextField users = text("compose-users", "everyone on the audience, or user ids: alice, bob",
                vm.usersProperty()::bindBidirectional);
        TextField url = text("compose-url", "https://… or /path opened on click", vm.urlProperty()::bindBidirectional);
        TextField ttl = text("compose-ttl", "never expires", vm.ttlProperty()::bindBidirectional);
        ttl.setPrefColumnCount(8);
        Label seconds = new Label("seconds");
        seconds.getStyleClass().add(Styles.TEXT_MUTED);
        seconds.setMinWidth(Region.USE_PREF_SIZE);
        ttl.setMinWidth(Region.USE_PREF_SIZE);
        HBox ttlRow = new HBox(8, ttl, seconds);
        ttlRow.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(12);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, inputs);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        // Each label names its field for screen readers (not the placeholder), and Alt+letter jumps to it.
        grid.addRow(0, label("_Message *", message), message);
        grid.add(new HBox(gap, count), 1, 1);
        grid.addRow(2, label("_Title", titleField), titleField);
        grid.addRow(3, label("_Level", level), level);
        grid.addRow(4, label("Au_dience", everyone), audienceRow);
        grid.addRow(5, label("_Users", users), users);
        grid.addRow(6, label("Ta_gs", tags), tags);
        grid.addRow(7, label("Click U_RL", url), url);
        grid.addRow(8, label("TTL", ttl), ttlRow);
        HBox schedule = scheduleRow();
        grid.addRow(9, label("Send", schedule.getChildren().getFirst()), schedule);
        GridPane.setValignment(grid.getChildren().getFirst(), javafx.geometry.VPos.TOP);
        return grid;
    }

    // Send now, or later at a date and local time (the server keeps it, also across restarts).
    private HBox scheduleRow() {
        SchedulePicker s = vm.schedule();
        javafx.scene.control.CheckBox later = new javafx.scene.control.CheckBox("Later, at");
        later.setId("compose-later");
        later.setMinWidth(Region.USE_PREF_SIZE);
        later.selectedProperty().bindBidirectional(s.laterProperty());
        javafx.scene.control.DatePicker date = new javafx.scene.control.DatePicker();
        date.setId("compose-later-date");
        date.valueProperty().bindBidirectional(s.dateProperty());
        date.setPrefWidth(150);
        date.setAccessibleText("Send on date");
        date.setMinWidth(Region.USE_PREF_SIZE);
        date.disableProperty().bind(s.laterProperty().not());
        TextField time = text("compose-later-time", "HH:mm", s.timeProperty()::bindBidirectional);
        time.setPrefColumnCount(5);
        time.setAccessibleText("Send at time, hours and minutes");
        time.setMinWidth(Region.USE_PREF_SIZE);
        time.disableProperty().bind(s.laterProperty().not());
        Label zone = new Label(s.zone().getId());
        zone.getStyleClass().add(Styles.TEXT_MUTED);
        zone.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, later, date, time, zone);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    // Scrolls the page just enough to show the node whole (after the layout that made it visible).
    private void reveal(Node n) {
        root.layout();
        Node page = root.getContent();
        double extra = page.getLayoutBounds().getHeight() - root.getViewportBounds().getHeight();
        if (extra <= 0 || n.getScene() == null) {
            return;
        }
        javafx.geometry.Bounds b = page.sceneToLocal(n.localToScene(n.getLayoutBounds()));
        double top = root.getVvalue() * extra;
        double viewport = root.getViewportBounds().getHeight();
        if (b.getMaxY() > top + viewport) {
            root.setVvalue(Math.min(1, (b.getMaxY() + 12 - viewport) / extra));
        } else if (b.getMinY() < top) {
            root.setVvalue(Math.max(0, (b.getMinY() - 12) / extra));
        }
    }

    private static Label label(String text, Node field) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(field);
        l.getStyleClass().add("form-label");
        return l;
    }

    private static TextField text(String id, String prompt,
                                  java.util.function.Consumer<javafx.beans.property.Property<String>> bind) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        bind.accept(f.textProperty());
        return f;
    }
}
