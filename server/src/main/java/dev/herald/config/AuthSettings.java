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
 * @param jwtSecret      HS256 key for subscriber tokens
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

    public AuthSettings {
        // Checked here so a bad value names its key, instead of failing later inside a limiter.
        HeraldSettings.require(connectRate > 0, "herald.limits.connect.rate must be > 0 (connections per second per IP)");
        HeraldSettings.require(connectBurst >= 1, "herald.limits.connect.burst must be at least 1");
        HeraldSettings.require(publishRate > 0, "herald.limits.publish.rate must be > 0 (publishes per second per caller)");
        HeraldSettings.require(publishBurst >= 1, "herald.limits.publish.burst must be at least 1");
        HeraldSettings.require(connectionsPerIp >= 1, "herald.limits.connections.ip must be at least 1");
        HeraldSettings.require(connectionsPerUser >= 1, "herald.limits.connections.user must be at least 1");
        HeraldSettings.require(connectionsTotal >= 1, "herald.limits.connections.total must be at least 1 (unset: the"
                + " open-file limit less a reserve)");
        // Values that can never match a browser's Origin or a topic name would fail quietly, request by request.
        for (String o : corsOrigins) {
            HeraldSettings.require(o.equals("*") || ORIGIN.matcher(o).matches(), "herald.cors.origins: '" + o
                    + "' is not an origin: scheme://host[:port], without a path or trailing slash (or *)");
        }
        for (String p : privateTopics) {
            HeraldSettings.require(PRIVATE.matcher(p).matches(), "herald.auth.private: '" + p
                    + "' can never match a topic (topic names are letters, digits and _.:-; * is the wildcard)");
        }
    }

    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile("https?://[^/\\s?#]+");
    private static final java.util.regex.Pattern PRIVATE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:*-]{1,64}");

    public static AuthSettings from(Config root, Path dataDir) {
        Config auth = root.get("herald.auth");
        Config limits = root.get("herald.limits");
        String secret = auth.get("jwt.secret").asString().orElse("");
        return new AuthSettings(
                list(auth.get("operators")),
                secret(secret, dataDir),
                secret.isBlank(),
                list(auth.get("private")),
                HeraldSettings.flag(auth.get("anonymous"), true),
                list(root.get("herald.cors.origins")),
                limits.get("connect.rate").asDouble().orElse(10.0),
                limits.get("connect.burst").asInt().orElse(40),
                limits.get("connections.ip").asInt().orElse(500),
                limits.get("connections.user").asInt().orElse(50),
                limits.get("connections.total").asInt().orElseGet(ConnectionLimits::totalForOpenFiles),
                limits.get("publish.rate").asDouble().orElse(200.0),
                limits.get("publish.burst").asInt().orElse(1000),
                HeraldSettings.flag(root.get("herald.log.access"), true),
                HeraldSettings.flag(limits.get("loopback"), false),
                HeraldSettings.flag(limits.get("trust.proxy"), false));
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

    // Without a configured secret, one is made once and kept beside the data (JwtSecretFile).
    private static byte[] secret(String configured, Path dataDir) {
        return configured.isBlank() ? JwtSecretFile.readOrCreate(dataDir) : configured.getBytes(StandardCharsets.UTF_8);
    }
}
