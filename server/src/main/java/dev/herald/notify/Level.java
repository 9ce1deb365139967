package dev.herald.notify;

import java.util.Locale;

/** How urgent a notification is; clients show it by colour, icon and text. */
public enum Level {
    INFO, SUCCESS, WARNING, ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name, or null when unknown. */
    public static Level parse(String s) {
        for (Level l : values()) {
            if (l.wire().equals(s)) {
                return l;
            }
        }
        return null;
    }
}
