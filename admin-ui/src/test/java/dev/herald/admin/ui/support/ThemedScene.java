package dev.herald.admin.ui.support;

import dev.herald.admin.ui.Theme;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** A view on a TestFX stage in the app's theme: what the views' {@code @Start} methods each spelled out. */
public final class ThemedScene {
    private ThemedScene() {
    }

    public static Scene show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        Theme.install(scene);
        stage.setScene(scene);
        stage.show();
        return scene;
    }
}
