package dev.herald.store;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where Redis is and how to talk to it, from one URL: {@code redis://[user:password@]host:port[/db]},
 * or {@code rediss://...} for TLS (certificates checked against the JVM's trust store).
 *
 * @param url     the Redis URL (may hold a password: never print it, use {@link #describe()})
 * @param timeout connect and command timeout
 */
public record RedisEndpoint(URI url, Duration timeout) {
    private static final String FORM = "redis://[user:password@]host:port[/db]";

    public RedisEndpoint {
        String problem = problem(url);
        if (problem != null) {
            throw new IllegalArgumentException("herald.redis.url " + problem);
        }
    }

    public static RedisEndpoint parse(String url, Duration timeout) {
        String problem = problem(url);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new RedisEndpoint(URI.create(url.trim()), timeout);
    }

    /**
     * What is wrong with a {@code herald.redis.url}, in the words a start refused for it says, or null when
     * it can work. Public so the settings check names it with every other bad setting, before the start
     * locks the data directory (opening the store checks again).
     */
    public static String problem(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return "herald.redis.url is not a Redis URL (" + FORM + "): "
                    + e.getMessage().replaceAll("//.*@", "//…@"); // the message quotes the URL, password too
        }
        String problem = problem(uri);
        return problem == null ? null : "herald.redis.url " + problem;
    }

    // What Jedis would only find at the first connection, or report without naming the key (it said
    // 'For input string: "abc"' for a database of /abc, and "Password not provided in uri." for user@host).
    private static String problem(URI u) {
        if (!JedisURIHelper.isValid(u)) {
            return u.getHost() != null && u.getPort() < 0
                    ? "has no port (Redis listens on 6379 by default): " + describe(u) + ", written as " + FORM
                    : "is not a Redis URL (" + FORM + ", or rediss:// for TLS): " + describe(u);
        }
        if (u.getPort() > 65535) {
            return "has a port past 65535: " + describe(u);
        }
        String query = u.getRawQuery();
        if (query != null && query.replace("&", "").isEmpty()) { // "h:6379?" said "has query parameters ()"
            return "has a ? with no query after it: leave the ? out (" + describe(u) + ")";
        }
        if (query != null) { // ignored without a word before: "?timeout=5" set no timeout
            return "has query parameters (" + parameterNames(query) + "), which Herald does not read: leave"
                    + " them out (" + describe(u) + "). The timeout is herald.redis.timeout, TLS is rediss://, a password"
                    + " goes in user:password@ (or :password@), the database after the port (/1); Herald speaks RESP2";
        }
        if (u.getRawFragment() != null) {
            return "has a #fragment, which Herald does not read: write it without the # part (" + describe(u)
                    + "; a # in a password is written %23)";
        }
        String info = u.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon < 0) { // may be a password written without its colon: never shown
                return "has user info without a password: write " + u.getScheme()
                        + "://user:password@host:port, or ://:password@ for Redis's default user";
            }
            if (colon == info.length() - 1) {
                return "has an empty password: leave out the whole user:password@ part when Redis asks for none"
                        + " (an ACL user made with nopass takes any password: write one, e.g. user:x@)";
            }
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (path.length() > 1 && !path.substring(1).matches("[0-9]{1,5}")) {
            return "names a database that is not a number from 0 (after the port: /0, /1...): " + describe(u);
        }
        return null;
    }

    // Names only, of name=value pairs: a value may be a secret (?password=...), and so may a part without
    // a name (?s3cret, ?=s3cret), which is only counted.
    private static String parameterNames(String query) {
        List<String> parts = Arrays.stream(query.split("&")).filter(p -> !p.isEmpty()).toList();
        List<String> names = parts.stream().filter(p -> p.indexOf('=') > 0).map(p -> p.substring(0, p.indexOf('=')))
                .distinct().toList();
        long unnamed = parts.stream().filter(p -> p.indexOf('=') <= 0).count();
        if (unnamed == 0) {
            return String.join(", ", names);
        }
        return names.isEmpty() ? unnamed + " without a name"
                : String.join(", ", names) + ", and " + unnamed + " more without a name";
    }

    /** A pool of connections for ordinary commands. */
    public RedisClient pooled(int maxConnections) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(timeout);
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(url))
                .clientConfig(config(0))
                .poolConfig(pool)
                .build();
    }

    /** One connection of its own, for a blocking read of up to blockMillis. */
    public Jedis dedicated(int blockMillis) {
        return new Jedis(JedisURIHelper.getHostAndPort(url), config(blockMillis));
    }

    private JedisClientConfig config(int blockMillis) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(ms)
                .socketTimeoutMillis(ms)
                .blockingSocketTimeoutMillis(blockMillis + ms)
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .clientName("herald")
                // RESP2 everywhere: one reply shape on every Redis >= 6.2 (plain Jedis warns otherwise).
                .protocol(RedisProtocol.RESP2);
        String password = JedisURIHelper.getPassword(url);
        if (password != null) {
            b.user(JedisURIHelper.getUser(url)).password(password);
        }
        if (JedisURIHelper.hasDbIndex(url)) {
            b.database(JedisURIHelper.getDBIndex(url));
        }
        return b.build();
    }

    public HostAndPort hostAndPort() {
        return JedisURIHelper.getHostAndPort(url);
    }

    /** The URL without credentials, for logs and health details. */
    public String describe() {
        return describe(url);
    }

    private static String describe(URI u) {
        if (u.getHost() == null) {
            return "(no host)";
        }
        String path = u.getPath() == null || u.getPath().isEmpty() ? "" : u.getPath();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path;
    }

    /**
     * True when the URL has a password for Redis's default user but Redis lets anyone in without one:
     * Redis 6+ accepts any password for a user that has none, so the password protects nothing. A
     * user of the URL's own (not {@code default}) is checked by Redis, so that is never reported.
     * Asks a connection without credentials for a PING; false when Redis refuses it or cannot be asked.
     */
    boolean passwordGoesUnchecked() {
        String user = JedisURIHelper.getUser(url);
        if (JedisURIHelper.getPassword(url) == null || (user != null && !user.isEmpty() && !user.equals("default"))) {
            return false;
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        JedisClientConfig anonymous = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(ms).socketTimeoutMillis(ms)
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .clientName("herald").protocol(RedisProtocol.RESP2).build();
        try (Jedis j = new Jedis(hostAndPort(), anonymous)) {
            return "PONG".equals(j.ping());
        } catch (RuntimeException e) {
            return false; // NOAUTH (as it should be), or Redis away: nothing to say
        }
    }
}
