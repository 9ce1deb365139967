package dev.herald.admin.ui.support;

import dev.herald.admin.ui.MainWindow;
import dev.herald.admin.ui.connection.ConnectionSettings;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

/**
 * The admin window at AdminApp's size (1200 × 780) on a TestFX stage, with preferences of its own that
 * {@link #close()} removes: {@code @Start void start(Stage s) { app = DefaultWindow.show(s, "dev/herald/x"); }}.
 */
public final class DefaultWindow implements AutoCloseable {
    private final Preferences prefs;
    private final MainWindow window;

    private DefaultWindow(Preferences prefs, MainWindow window) {
        this.prefs = prefs;
        this.window = window;
    }

    public static DefaultWindow show(Stage stage, String prefsNode) {
        Preferences prefs = Preferences.userRoot().node(prefsNode);
        MainWindow window = new MainWindow(new ConnectionSettings(prefs));
        Scene scene = new Scene(window.root(), 1200, 780); // AdminApp's window
        window.install(scene);
        stage.setScene(scene);
        stage.show();
        return new DefaultWindow(prefs, window);
    }

    public MainWindow window() {
        return window;
    }

    @Override
    public void close() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get(10, TimeUnit.SECONDS);
        prefs.removeNode();
    }
}
