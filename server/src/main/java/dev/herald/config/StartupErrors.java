package dev.herald.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the server did not start, in one sentence an operator can act on. Helidon's own words for a
 * bad number name a Java lambda ("Invocation of mapper 'io.helidon.config.ConfigMappers$$Lambda...'"),
 * and a port out of range does not say which setting it came from.
 */
public final class StartupErrors {
    private static final Pattern MAPPING = Pattern.compile("(?s).*Mapping of value '(.*?)' stored under key '(.*?)' has failed.*");

    private StartupErrors() {
    }

    public static String explain(Throwable e) {
        String m = String.valueOf(e.getMessage());
        Matcher mapping = MAPPING.matcher(m);
        if (mapping.matches()) {
            return mapping.group(2) + " must be a number in range, not '" + mapping.group(1) + "'";
        }
        if (m.startsWith("port out of range")) {
            return "a port must be from 0 to 65535 (SERVER_PORT, HERALD_OBSERVE_PORT): " + m;
        }
        return m;
    }
}
