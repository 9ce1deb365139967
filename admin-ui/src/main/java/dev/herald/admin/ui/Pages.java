package dev.herald.admin.ui;

import atlantafx.base.theme.Tweaks;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;

import java.util.function.Consumer;

/**
 * Every page sits in a ScrollPane that gives it the whole visible area (fit to width and height):
 * the page fills the window while its minimum fits, and scrolls once the window is smaller. A
 * page may also rearrange itself by the visible width, e.g. stack columns below a breakpoint.
 */
public final class Pages {
    private Pages() {
    }

    public static ScrollPane scrolling(Node page) {
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().addAll(Tweaks.EDGE_TO_EDGE, "page-scroll");
        return scroll;
    }

    /**
     * @param narrow told {@code true} once the visible width drops below {@code breakpoint} and
     *               {@code false} once it is back above, and once at the start. It listens to the
     *               viewport, not the page, whose width never drops below its own minimum.
     */
    public static ScrollPane scrolling(Node page, double breakpoint, Consumer<Boolean> narrow) {
        ScrollPane scroll = scrolling(page);
        BooleanBinding below = Bindings.createBooleanBinding(
                () -> scroll.getViewportBounds().getWidth() > 0 && scroll.getViewportBounds().getWidth() < breakpoint,
                scroll.viewportBoundsProperty());
        // Kept by the scroll pane, so the binding lives as long as the page.
        scroll.getProperties().put(Pages.class, below);
        below.subscribe(narrow::accept);
        return scroll;
    }
}
