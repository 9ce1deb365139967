package dev.herald.store;

/**
 * What Redis answers at start that no retry can fix, as the start-up error naming the setting to change:
 * a wrong password, database or user's rights, a stream key holding another application's value, a
 * password Redis does not ask for. Anything else (Redis away, slow) leaves the node starting DOWN and
 * trying again. Rights taken away later are a 503 like an outage, not a stop.
 */
final class RedisRefusals {
    private RedisRefusals() {
    }

    /** The start-up error for Redis's failure to answer Herald's first command, or null when retrying may help. */
    static String atStart(Throwable e, RedisEndpoint endpoint, String stream) {
        String redis = "redis " + endpoint.describe();
        if (RedisScript.answer(e, "WRONGPASS", "NOAUTH", "NOPERM", "invalid password", "DB index is out of range") != null) {
            return redis + " refused Herald: " + e.getMessage() + " (check herald.redis.url: user, password,"
                    + " database; a user of its own needs every command Herald runs on the keys of"
                    + " herald.redis.stream, e.g. ACL SETUSER <user> on >password ~<stream>* +@all -@dangerous)";
        }
        if (RedisScript.answer(e, "WRONGTYPE") != null) {
            return redis + " holds something that is not Herald's under herald.redis.stream " + stream + " or "
                    + stream + ":seq (" + e.getMessage() + "): set herald.redis.stream to a key no other"
                    + " application uses";
        }
        return null;
    }

    /** For a password Redis's default user does not have ({@link RedisEndpoint#passwordGoesUnchecked}). */
    static String uncheckedPassword(RedisEndpoint endpoint) {
        return "herald.redis.url has a password, but redis " + endpoint.describe() + " asks for no password: it takes"
                + " any (without TLS client certificates, anyone who can reach it can connect). Set one in Redis"
                + " (requirepass, or an ACL user) or take it out of herald.redis.url";
    }
}
