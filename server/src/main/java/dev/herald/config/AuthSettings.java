package dev.herald.config;

import dev.herald.auth.ConnectionLimits;
import io.helidon.config.Config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Security knobs under {@code herald.auth}, {@code herald.cors} and {@code herald.limits}. Lists are
 * comma-separated strings so a single env var can set them.
 *
 * @param operators      {@code sha256:<hex>} hashes of operator tokens; empty = loopback-only operators
 * @param jwtSecret      HS256 key for subscriber tokens (null, when none is configured, until {@link #keyed})
 * @param jwtSecretMade  whether that key was made by Herald (none configured): cluster nodes then agree on one
 * @param privateTopics  glob patterns of private topics
 * @param anonymous      whether clients without a token may subscribe (to public topics)
 * @param corsOrigins    origins allowed to call from other sites ({@code *} = any); empty = same-origin only
 * @param limitLoopback  whether per-IP limits also apply to 127.0.0.1/::1 (off: local tools and tests are exempt)
 * @param trustProxy     take the client address from X-Forwarded-For (only behind a proxy you run)
 */
public record AuthSettings(List<String> operators, byte[] jwtSecret, boolean jwtSecretMade, List<String> privateTopics, boolean anonymous,
                           List<String> corsOrigins, double connectRate, int connectBurst, int connectionsPerIp,
                           int connectionsPerUser, int connectionsTotal, double publishRate, int publishBurst, boolean accessLog,
                           boolean limitLoopback, boolean trustProxy) {

    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile("https?://[^/\\s?#]+");
    private static final java.util.regex.Pattern PRIVATE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:*-]{1,64}");
    private static final int SECRET_BYTES = 32;

    /** This class alone, keyed (tests); a start reads every settings class together, {@link StartSettings#read}. */
    static AuthSettings from(Config root, Path dataDir) {
        SettingProblems problems = new SettingProblems();
        AuthSettings read = from(root, problems);
        problems.throwIfAny();
        return read.keyed(dataDir);
    }

    /**
     * Every value read and checked, naming each bad one in {@code problems}; without the key when none is
     * configured ({@link #keyed}: made on disk only once the start goes on and holds the data directory).
     */
    static AuthSettings from(Config root, SettingProblems problems) {
        Config auth = root.get("herald.auth");
        Config limits = root.get("herald.limits");
        String secret = auth.get("jwt.secret").asString().orElse("");
        byte[] configured = secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        AuthSettings a = new AuthSettings(
                list(auth.get("operators")),
                configured,
                configured == null,
                list(auth.get("private")),
                problems.flag(auth.get("anonymous"), true),
                list(root.get("herald.cors.origins")),
                problems.decimal(limits.get("connect.rate"), 10.0),
                problems.integer(limits.get("connect.burst"), 40),
                problems.integer(limits.get("connections.ip"), 500),
                problems.integer(limits.get("connections.user"), 50),
                problems.integer(limits.get("connections.total"), ConnectionLimits::totalForOpenFiles),
                problems.decimal(limits.get("publish.rate"), 200.0),
                problems.integer(limits.get("publish.burst"), 1000),
                problems.flag(root.get("herald.log.access"), true),
                problems.flag(limits.get("loopback"), false),
                problems.flag(limits.get("trust.proxy"), false));
        a.check(problems);
        return a;
    }

    // Checked at start so a bad value names its key, instead of failing later inside a limiter.
    private void check(SettingProblems problems) {
        problems.check(jwtSecret == null || jwtSecret.length >= SECRET_BYTES,
                "herald.auth.jwt.secret must be at least " + SECRET_BYTES + " bytes");
        problems.check(connectRate > 0, "herald.limits.connect.rate must be > 0 (connections per second per IP)");
        problems.check(connectBurst >= 1, "herald.limits.connect.burst must be at least 1");
        problems.check(publishRate > 0, "herald.limits.publish.rate must be > 0 (publishes per second per caller)");
        problems.check(publishBurst >= 1, "herald.limits.publish.burst must be at least 1");
        problems.check(connectionsPerIp >= 1, "herald.limits.connections.ip must be at least 1");
        problems.check(connectionsPerUser >= 1, "herald.limits.connections.user must be at least 1");
        problems.check(connectionsTotal >= 1, "herald.limits.connections.total must be at least 1 (unset: the"
                + " open-file limit less a reserve)");
        // Values that can never match a browser's Origin or a topic name would fail quietly, request by request.
        for (String o : corsOrigins) {
            problems.check(o.equals("*") || ORIGIN.matcher(o).matches(), "herald.cors.origins: '" + o
                    + "' is not an origin: scheme://host[:port], without a path or trailing slash (or *)");
        }
        for (String p : privateTopics) {
            problems.check(PRIVATE.matcher(p).matches(), "herald.auth.private: '" + p
                    + "' can never match a topic (topic names are letters, digits and _.:-; * is the wildcard)");
        }
    }

    /**
     * These settings with a subscriber-token key: the configured one, else the one kept beside the data
     * (made there once, JwtSecretFile). Called while holding the data directory (DataDirLock).
     */
    public AuthSettings keyed(Path dataDir) {
        if (jwtSecret != null) {
            return this;
        }
        return new AuthSettings(operators, JwtSecretFile.readOrCreate(dataDir), jwtSecretMade, privateTopics, anonymous,
                corsOrigins, connectRate, connectBurst, connectionsPerIp, connectionsPerUser, connectionsTotal, publishRate,
                publishBurst, accessLog, limitLoopback, trustProxy);
    }

    private static List<String> list(Config node) {
        // An env var or -D value over a YAML list in HERALD_CONFIG leaves a node that is both: the list
        // (from the file) and a value (from above it). The built-in default is "", so a value that is not
        // blank was set above the file and wins; taking the list first ignored HERALD_AUTH_OPERATORS.
        String value = node.hasValue() ? node.asString().orElse("") : "";
        if (value.isBlank() && node.isList()) {
            return node.asList(String.class).orElse(List.of());
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
