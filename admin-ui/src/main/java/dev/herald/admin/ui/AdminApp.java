package dev.herald.admin.ui;

import dev.herald.admin.ui.connection.ConnectionSettings;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The Herald admin desktop app: one window, four views, one live connection. */
public final class AdminApp extends Application {
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        window = new MainWindow(ConnectionSettings.user());
        Scene scene = new Scene(window.root(), 1200, 780);
        window.install(scene);
        stage.setTitle("Herald Admin");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
        window.connectOnStart(stage);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
