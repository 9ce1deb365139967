package dev.herald.config;

import io.helidon.config.Config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Checks of Helidon's own {@code server.*} settings, at start and naming the key: Helidon read a
 * {@code use-nio} of "abc" as false and a backlog of -5 as the JDK's 50 without a word, called a duration "65s" "not a number", and
 * refused a host that does not resolve as "Failed to get address from host: abc".
 */
public final class ServerSettings {
    private ServerSettings() {
    }

    /** The API's port, {@code server.port} (Helidon's default 8080 when unset; 0: any free port). */
    public static int port(Config root) {
        return root.get("server.port").asInt().orElse(8080);
    }

    /** The API's listen address, {@code server.host} (Helidon's default 0.0.0.0 when unset). */
    public static String host(Config root) {
        return root.get("server.host").asString().orElse("0.0.0.0");
    }

    static void check(Config root, SettingProblems problems) {
        // Helidon takes a negative port as "any free port" and says nothing; 0 is the documented way.
        int port = problems.integer(root.get("server.port"), 8080);
        problems.check(port >= 0 && port <= 65535,
                "SERVER_PORT (server.port) must be from 0 to 65535 (0: any free port), not " + port);
        problems.flag(root.get("server.use-nio"), false);
        // Below 1 the JDK takes its own default (50) without a word: a reconnect storm then loses SYNs.
        int backlog = problems.integer(root.get("server.backlog"), 4096);
        problems.check(backlog >= 1, "server.backlog (SERVER_BACKLOG) must be at least 1, not " + backlog);
        // Read by Herald too (HeraldServer.detachStreams), after the start had begun: named with the rest.
        for (String number : new String[]{"max-concurrent-requests", "max-tcp-connections", "write-queue-length",
                "write-buffer-size"}) {
            problems.integer(root.get("server").get(number), 0);
        }
        isoDuration(root.get("server.idle-connection-timeout"), "PT65S", problems);
        isoDuration(root.get("server.idle-connection-period"), "PT5S", problems);
        resolvable(root.get("server.host"), problems);
    }

    /** A listen address Helidon will be able to bind: an IP address or a name that resolves. */
    static void resolvable(Config host, SettingProblems problems) {
        String name = host.asString().orElse("").trim();
        if (name.isEmpty()) {
            return;
        }
        try {
            InetAddress.getByName(name);
        } catch (UnknownHostException | SecurityException e) {
            problems.add(host.key() + " (" + variable(host) + ") must be an IP address or a host name"
                    + " that resolves, not '" + name + "'");
        }
    }

    // Helidon reads these with Duration.parse: ISO-8601 only, unlike Herald's own durations (65s).
    private static void isoDuration(Config c, String example, SettingProblems problems) {
        String v = c.asString().orElse(null);
        if (v == null) {
            return;
        }
        try {
            Duration.parse(v.trim());
        } catch (DateTimeParseException e) {
            problems.add(c.key() + " (" + variable(c) + ") must be an ISO-8601 duration such as "
                    + example + ", not '" + v + "'");
        }
    }

    private static String variable(Config c) {
        return UnknownVariables.variable(c.key().toString());
    }
}
