package dev.herald.store;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent whole again when Redis does not know it
 * (restarted, or {@code SCRIPT FLUSH}). A Redis failure becomes an {@link EventLogException}: the
 * HTTP layer answers 503 {@code store_unavailable} for it.
 */
public record RedisScript(String body, String sha) {

    public static RedisScript of(String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(body, HexFormat.of().formatHex(d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Object run(RedisClient redis, List<String> keys, List<String> args) {
        return call(() -> {
            try {
                return redis.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                return redis.eval(body, keys, args);
            }
        });
    }

    /**
     * The first message along {@code e}'s causes that holds one of {@code words} (Redis's error answers
     * come wrapped: an {@link EventLogException} around Jedis's), or null.
     */
    static String answer(Throwable e, String... words) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            for (String w : words) {
                if (m.contains(w)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Runs a Redis command, turning its failure into an {@link EventLogException}. */
    public static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new EventLogException("redis unavailable: " + e.getMessage(), e);
        }
    }
}
