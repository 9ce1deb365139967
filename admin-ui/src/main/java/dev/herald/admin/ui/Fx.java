package dev.herald.admin.ui;

import javafx.application.Platform;

import java.util.concurrent.Executor;

/** The one way onto the FX thread: view models get this as their UI executor. */
public final class Fx {
    /** Runs on the FX thread: at once when already there, else queued with Platform.runLater. */
    public static final Executor UI = task -> {
        if (Platform.isFxApplicationThread()) {
            task.run();
        } else {
            Platform.runLater(task);
        }
    };

    private Fx() {
    }
}
