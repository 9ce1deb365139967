package dev.herald.cluster;

import dev.herald.auth.SubscriberTokens;
import redis.clients.jedis.RedisClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
 * Checked on every presence beat by its SHA-1 only (a script compares digests), so the key crosses the wire
 * when a node takes it, not every few seconds; a flushed Redis gets the same key back from the running nodes
 * within a beat. A node that started while Redis was away signs with its own key until Redis answers (what it
 * signed meanwhile keeps working on it until it restarts). Once a node has agreed, a different value in Redis
 * is not taken, only warned about: whoever can write that key could otherwise plant a key they know, and every
 * node would put it back after a delete and keep it across restarts. Rotating: set herald.auth.jwt.secret on
 * every node, or stop them all and delete {@code <stream>:jwt-secret} and each node's jwt-secret file.
 */
public final class SharedTokenKey implements Runnable {
    private static final Logger LOG = Logger.getLogger(SharedTokenKey.class.getName());
    private final RedisClient redis;
    private final String key;
    private final SubscriberTokens tokens;
    private final Consumer<byte[]> keep;
    // Redis's SHA-1 of the value, or nil: a beat compares digests, the key itself stays put.
    private static final String DIGEST = "local v = redis.call('GET', KEYS[1]) if v then return redis.sha1hex(v) end return false";
    private volatile String refused = "";
    private volatile boolean agreed;

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
        String own = HexFormat.of().formatHex(tokens.signingKey());
        Object digest = redis.eval(DIGEST, List.of(key), List.of());
        if (sha1(own).equals(digest)) {
            agreed = true; // the usual beat: nothing to do
            return;
        }
        if (digest == null) { // a new or flushed Redis: offer ours
            redis.setnx(key, own);
        }
        String shared = redis.get(key);
        if (own.equals(shared)) {
            agreed = true; // ours, put back after Redis lost it (or set by another node holding the same)
            return;
        }
        byte[] found = parse(shared);
        if (found == null) {
            warnOnce(shared, key + " in Redis does not hold a key Herald wrote (64 or more hex digits): this node"
                    + " signs subscriber tokens with its own key, which the other nodes refuse. Delete the key"
                    + " to have it set again, or set herald.auth.jwt.secret on every node.");
        } else if (agreed) {
            warnOnce(shared, key + " in Redis changed after this node agreed on its key (now " + sha1(shared)
                    .substring(0, 8) + ", this node's " + sha1(own).substring(0, 8) + "): it keeps its key and"
                    + " refuses tokens signed with the new one. If nobody here rotated it, someone who can write to"
                    + " this Redis did. To rotate: set herald.auth.jwt.secret on every node, or stop them all and"
                    + " delete the key and each node's jwt-secret file.");
        } else {
            agreed = true;
            if (tokens.adopt(found)) {
                keepOnDisk(found);
            }
        }
    }

    private void keepOnDisk(byte[] found) {
        try {
            keep.accept(found);
            LOG.info("Subscriber tokens are signed with the cluster's key from " + key
                    + " (tokens this node signed before keep opening its streams until it restarts)");
        } catch (RuntimeException e) {
            LOG.warning("Subscriber tokens are signed with the cluster's key from " + key + ", but it could not be"
                    + " kept on disk (" + e.getMessage() + "): after a restart this node signs with its old key"
                    + " until Redis answers");
        }
    }

    private void warnOnce(String value, String warning) {
        if (value != null && !value.equals(refused)) {
            refused = value; // said once per value, not every beat
            LOG.warning(warning);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
