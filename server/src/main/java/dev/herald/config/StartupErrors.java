package dev.herald.config;

import java.util.List;
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
            return notANumber(mapping.group(2), mapping.group(1));
        }
        return m;
    }

    /** Why {@code value} of {@code key} was not read as a number, in words (Helidon's name a Java lambda). */
    static String notANumber(String key, String value) {
        String v = value.trim();
        // Digits that failed to map are too large (or small) for the setting's type (an int, a long: Helidon does not say).
        return v.matches("[-+]?\\d+")
                ? key + " is out of range: '" + value + "' is too " + (v.startsWith("-") ? "small" : "large") + " a number"
                : key + " must be a number, not '" + value + "'";
    }

    /**
     * Why the server could not listen. {@code failures} are what Helidon reported per listener (empty
     * if it said nothing); {@code observe} is the separate observe listener's address, or null.
     */
    public static String cannotListen(List<ListenerFailures.Failure> failures, String api, ObserveSettings observe) {
        if (failures.isEmpty()) {
            return observe.separate()
                    ? "cannot listen on " + api + " or on the observe listener " + observe.host() + ":" + observe.port()
                            + " (is another server using one of them? choose others with SERVER_PORT or HERALD_OBSERVE_PORT)"
                    : "cannot listen on " + api + " (is another server using the port? choose another with SERVER_PORT)";
        }
        StringBuilder out = new StringBuilder();
        for (ListenerFailures.Failure f : failures) {
            // By address, not port alone: the two listeners may share a port number on two addresses.
            boolean observing = observe.separate() && f.address().equals(observe.host() + ":" + observe.port());
            out.append(out.isEmpty() ? "" : "; ").append("cannot listen on ")
                    .append(observing ? "the observe listener " : "").append(f.address()).append(": ").append(f.reason())
                    .append(hint(f.reason(), observing ? "HERALD_OBSERVE_PORT" : "SERVER_PORT",
                            observing ? "HERALD_OBSERVE_HOST" : "SERVER_HOST"));
        }
        return out.toString();
    }

    private static String hint(String reason, String portKey, String hostKey) {
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("in use")) {
            return " (is another server using the port? choose another with " + portKey + ")";
        }
        if (r.contains("permission denied") || r.contains("access denied")) {
            return " (ports below 1024 need privileges: choose a higher one with " + portKey + ")";
        }
        if (r.contains("assign requested address") || r.contains("unresolved")) {
            return " (no network interface of this machine has that address: check " + hostKey + ")";
        }
        return " (check " + hostKey + " and " + portKey + ")";
    }
}
