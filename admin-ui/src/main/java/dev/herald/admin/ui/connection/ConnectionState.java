package dev.herald.admin.ui.connection;

/** What the status bar shows. */
public enum ConnectionState {
    DISCONNECTED("Not connected"),
    CONNECTING("Connecting…"),
    CONNECTED("Connected"),
    RECONNECTING("Reconnecting…"),
    AUTH_FAILED("Authentication failed");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
