package dev.herald.cluster;

import dev.herald.auth.SubscriberTokens;
import redis.clients.jedis.RedisClient;

import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Cluster mode without a configured {@code herald.auth.jwt.secret}: the nodes agree on one key for
 * subscriber tokens, so a token minted on one node opens streams on every other (each node used to
 * make its own, and the others refused its tokens). The key lives beside the event stream under
 * {@code <stream>:jwt-secret}; the first node to offer its key sets it, the others take it. Anyone
 * who can read that key could mint tokens, but whoever reads this Redis can already read and write
 * every notification; configure the secret to keep it out of Redis.
 * <p>
 * Offered again on every presence beat, so a flushed Redis gets the same key back from the running
 * nodes, and a node that started while Redis was away joins once it answers (until then it signs with
 * its own key; {@link SubscriberTokens} keeps accepting what it signed before).
 */
public final class SharedTokenKey implements Runnable {
    private static final Logger LOG = Logger.getLogger(SharedTokenKey.class.getName());
    private final RedisClient redis;
    private final String key;
    private final SubscriberTokens tokens;
    private final Consumer<byte[]> keep;
    private volatile String refused = "";

    /**
     * @param keep stores an adopted key (the data directory's jwt-secret), so a restart signs with it
     *             before Redis answers
     */
    public SharedTokenKey(RedisClient redis, String streamKey, SubscriberTokens tokens, Consumer<byte[]> keep) {
        this.redis = redis;
        this.key = streamKey + ":jwt-secret";
        this.tokens = tokens;
        this.keep = keep;
    }

    /** Agrees on the key now if Redis answers (before the node serves), and again on every presence beat. */
    public static void join(SharedTokenKey shared, ClusterPresence presence) {
        try {
            shared.run();
        } catch (RuntimeException e) {
            LOG.info("Redis does not answer yet: subscriber tokens are signed with this node's own key until it"
                    + " does, then with the cluster's (tokens signed before keep working on this node)");
        }
        presence.alsoEachBeat(shared);
    }

    /** Offers this node's key and takes the cluster's; throws when Redis does not answer. */
    @Override
    public void run() {
        redis.setnx(key, HexFormat.of().formatHex(tokens.signingKey()));
        String shared = redis.get(key);
        byte[] agreed = parse(shared);
        if (agreed == null) {
            if (shared != null && !shared.equals(refused)) {
                refused = shared; // said once per bad value, not every beat
                LOG.warning(key + " in Redis does not hold a key Herald wrote (64 or more hex digits): this node"
                        + " signs subscriber tokens with its own key, which the other nodes refuse. Delete the key"
                        + " to have it set again, or set herald.auth.jwt.secret on every node.");
            }
            return;
        }
        if (tokens.adopt(agreed)) {
            keep.accept(agreed);
            LOG.info("Subscriber tokens are signed with the cluster's key from " + key
                    + " (tokens this node signed before still open its streams)");
        }
    }

    private static byte[] parse(String hex) {
        if (hex == null || hex.length() < 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
