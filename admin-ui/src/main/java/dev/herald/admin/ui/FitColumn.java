package dev.herald.admin.ui;

import javafx.beans.InvalidationListener;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.List;
import java.util.function.Function;

/**
 * Keeps a table column as wide as its longest value, so ids are never cut to "s5y8uy6q-1-…": a
 * guessed width fit one node's ids and not another's (a cluster node's, a counter in the thousands).
 */
public final class FitColumn {
    // The cell's padding on both sides, and a little for the font's rounding.
    private static final double PADDING = 22;
    // Measured: the longest values by length (measuring every row on each change would cost per client).
    private static final int MEASURED = 20;

    private FitColumn() {
    }

    /** Fits {@code column} to the longest {@code text} of the table's rows, never narrower than {@code least}. */
    public static <S> void toLongest(TableView<S> table, TableColumn<S, ?> column, Function<S, String> text,
                                     double least) {
        InvalidationListener fit = o -> fit(table, column, text, least);
        table.getItems().addListener(fit);
        table.itemsProperty().addListener((o, old, now) -> {
            old.removeListener(fit);
            now.addListener(fit);
            fit(table, column, text, least);
        });
        table.skinProperty().addListener(fit); // the font is known once the table is shown
        fit(table, column, text, least);
    }

    private static <S> void fit(TableView<S> table, TableColumn<S, ?> column, Function<S, String> text, double least) {
        List<String> values = table.getItems().stream().map(text).toList();
        int longest = values.stream().mapToInt(String::length).max().orElse(0);
        Text probe = new Text();
        // Measured in the table's own font (the theme's, larger than Text's default), once it is shown; the
        // header's is bold, the cells' regular.
        if (table.lookup(".column-header .label") instanceof Label header) {
            probe.setFont(Font.font(header.getFont().getFamily(), header.getFont().getSize()));
        }
        double widest = 0;
        for (String v : values.stream().filter(v -> v.length() == longest).limit(MEASURED).toList()) {
            probe.setText(v);
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        double width = Math.max(least, Math.ceil(widest) + PADDING);
        if (width == column.getMinWidth() && width == column.getPrefWidth()) {
            return;
        }
        column.setMinWidth(width);
        column.setPrefWidth(width);
        // A constrained policy shares the width out again only when the table's width changes: a column made
        // wider here pushed the last one past the right edge (Clients' Queue, cut). Setting it runs it now
        // (FitColumnTest).
        var policy = table.getColumnResizePolicy();
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setColumnResizePolicy(policy);
    }
}
