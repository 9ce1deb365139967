package dev.herald.admin.ui.dashboard;

/** A row of the dashboard's user table: a signed-in user and their open connections. */
public record UserCount(String user, int connections) {
}
