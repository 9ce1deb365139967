package dev.herald.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigMappingException;

import java.time.Duration;

/**
 * Where health and metrics answer. By default on the API port. With {@code herald.observe.port}
 * set they get a listener of their own: its own accept queue and accept thread, so probes are not
 * queued behind thousands of reconnecting streams (bench: docs/performance.md "Reconnect storm"),
 * and no Herald filters (no auth: bind it to a private interface).
 *
 * @param port the separate listener's port (0: any free port), or null to answer on the API port
 * @param host the separate listener's address
 * @param shutdownDelay how long readiness is DOWN at a stop before the streams end ({@code herald.shutdown.delay})
 */
public record ObserveSettings(Integer port, String host, Duration shutdownDelay) {
    /** The name of the separate listener (a Helidon named socket). */
    public static final String SOCKET = "observe";
    // JUL's own shutdown hook waits at most 20 s for Herald's (config.HeraldLogManager): a longer delay lost
    // the access-log lines of the streams it ended.
    static final Duration MAX_SHUTDOWN_DELAY = Duration.ofSeconds(15);

    /** This class alone (tests); a start reads every settings class together, {@link StartSettings#read}. */
    static ObserveSettings from(Config root) {
        SettingProblems problems = new SettingProblems();
        ObserveSettings o = from(root, problems);
        problems.throwIfAny();
        return o;
    }

    static ObserveSettings from(Config root, SettingProblems problems) {
        Config o = root.get("herald.observe");
        String raw = o.get("port").asString().orElse("").trim();
        Integer port = null;
        if (!raw.isEmpty()) {
            try {
                port = Integer.parseInt(raw);
                if (port < 0 || port > 65535) {
                    problems.add("herald.observe.port must be between 0 and 65535, not " + port);
                    port = null;
                }
            } catch (NumberFormatException e) {
                problems.add("herald.observe.port must be a port number (0: any free port), not " + raw);
            }
        }
        String host = o.get("host").asString().orElse("127.0.0.1").trim();
        if (port != null) {
            ServerSettings.resolvable(o.get("host"), problems);
        }
        // The same port as the API on an overlapping address failed later as "cannot listen ... another
        // server", pointing at SERVER_PORT; on two distinct addresses it is a valid setup.
        int apiPort = apiPort(root);
        String apiHost = ServerSettings.host(root).trim();
        if (port != null && port != 0 && port == apiPort
                && (loopback(host).equals(loopback(apiHost)) || wildcard(host) || wildcard(apiHost))) {
            problems.add("herald.observe.port (HERALD_OBSERVE_PORT) is the API's port " + port
                    + " (server.port) on the same address: health and metrics need a port of their own"
                    + " (or unset it to answer them on the API port)");
        }
        return new ObserveSettings(port, host, shutdownDelay(root.get("herald.shutdown.delay"), problems));
    }

    // Default 0s: readiness DOWN, then the streams end at once.
    private static Duration shutdownDelay(Config node, SettingProblems problems) {
        Duration d = problems.duration(node, "0s");
        if (d.isNegative() || d.compareTo(MAX_SHUTDOWN_DELAY) > 0) {
            problems.add("herald.shutdown.delay (HERALD_SHUTDOWN_DELAY) must be from 0s to 15s, not "
                    + node.asString().orElse(""));
            return Duration.ZERO;
        }
        return d;
    }

    // -1 for a server.port that cannot be read: ServerSettings names it, and its default is no reason to refuse.
    private static int apiPort(Config root) {
        try {
            return ServerSettings.port(root);
        } catch (ConfigMappingException e) {
            return -1;
        }
    }

    private static String loopback(String host) {
        return host.equalsIgnoreCase("localhost") ? "127.0.0.1" : host;
    }

    private static boolean wildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    public boolean separate() {
        return port != null;
    }
}
