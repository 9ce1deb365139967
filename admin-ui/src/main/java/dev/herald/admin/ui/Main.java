package dev.herald.admin.ui;

import javafx.application.Application;

/** Launcher: a main class that is not an Application, so a plain classpath launch works too. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Application.launch(AdminApp.class, args);
    }
}
