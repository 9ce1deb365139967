package dev.herald.admin.ui;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

import java.util.function.Function;

/**
 * A cell showing its value as text, with the whole text as a tooltip for when a narrow column cuts
 * it off (not for short values such as counts, where it would only get in the way).
 */
public final class TextCell<S, T> extends TableCell<S, T> {
    private final Function<T, String> text;

    public TextCell(Function<T, String> text) {
        this.text = text;
    }

    @Override
    protected void updateItem(T value, boolean empty) {
        super.updateItem(value, empty);
        String s = empty || value == null ? null : text.apply(value);
        setText(s);
        setTooltip(s == null || s.length() < 12 ? null : new Tooltip(s));
    }
}
