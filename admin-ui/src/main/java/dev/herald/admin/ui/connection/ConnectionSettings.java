package dev.herald.admin.ui.connection;

import java.util.prefs.Preferences;

/**
 * Remembered between runs in the user's preferences: server URL, operator token, theme.
 * (The token sits in the user's own preference store, like a database GUI's saved password.)
 */
public final class ConnectionSettings {
    public static final String DEFAULT_URL = "http://localhost:8080";
    private final Preferences prefs;

    public ConnectionSettings(Preferences prefs) {
        this.prefs = prefs;
    }

    public static ConnectionSettings user() {
        return new ConnectionSettings(Preferences.userRoot().node("dev/herald/admin"));
    }

    /** Whether a connection was ever saved: the default local server without a token counts too. */
    public boolean saved() {
        return prefs.get("url", null) != null;
    }

    public String url() {
        return prefs.get("url", DEFAULT_URL);
    }

    public String token() {
        return prefs.get("token", "");
    }

    public boolean dark() {
        return prefs.getBoolean("dark", false);
    }

    public void save(String url, String token) {
        prefs.put("url", url);
        prefs.put("token", token == null ? "" : token);
    }

    public void dark(boolean dark) {
        prefs.putBoolean("dark", dark);
    }
}
