package dev.herald.admin.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

/** AtlantaFX Primer light/dark plus Herald's own stylesheet. */
public final class Theme {
    private static final String APP_CSS = Theme.class.getResource("admin.css").toExternalForm();

    private Theme() {
    }

    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public static void install(Scene scene) {
        scene.getStylesheets().add(APP_CSS);
    }
}
