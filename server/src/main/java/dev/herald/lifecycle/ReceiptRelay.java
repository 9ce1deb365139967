package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.Hub;
import dev.herald.store.RedisScript;
import redis.clients.jedis.RedisClient;

import java.util.List;
import java.util.logging.Logger;

/**
 * Receipts for a stream held by another node. Behind a load balancer without sticky sessions a
 * page's {@code POST /receipts} may reach any node; only the node that holds the stream can check
 * it (the caller owns it, each id was sent to it) and count it. So the node that took the post
 * pushes the batch, with the caller's identity, onto {@code <stream>:receipts:<node>}, and every
 * node takes its own list once a second. A list whose node is gone expires after {@link #KEEP_SECONDS}.
 */
public final class ReceiptRelay implements AutoCloseable {
    /** How a forwarded batch is applied: checked like a direct one; what fails a check is dropped. */
    @FunctionalInterface
    public interface Receiver {
        void receive(ReceiptBatch batch, boolean operator, String user);
    }

    static final int KEEP_SECONDS = 60;
    // Per node: a node drains its list every second, so this only bounds what a flood can park in Redis.
    private static final int MAX_WAITING = 2_000;
    // KEYS: the node's presence key, its list, the presence index. ARGV: batch, cap, seconds, node.
    // Only for a node in the cluster now: 1 pushed; 2 a node listed but quiet (missed its report); 0 none.
    private static final RedisScript PUSH = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              if redis.call('ZSCORE', KEYS[3], ARGV[4]) then return 2 end
              return 0
            end
            redis.call('RPUSH', KEYS[2], ARGV[1])
            redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            return 1""");
    private static final int TAKE = 500;
    private static final Logger LOG = Logger.getLogger(ReceiptRelay.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisClient redis;
    private final String prefix;
    private final String presencePrefix;
    private final String nodesKey;
    private final Hub hub;
    private final Receiver receiver;
    private final Thread taker;
    private volatile boolean closed;

    public ReceiptRelay(RedisClient redis, String streamKey, Hub hub, Receiver receiver) {
        this.redis = redis;
        this.prefix = streamKey + ":receipts:";
        this.presencePrefix = streamKey + ":node:"; // ClusterPresence's report, alive for its TTL
        this.nodesKey = streamKey + ":nodes";       // and its index, until a reader finds the report gone
        this.hub = hub;
        this.receiver = receiver;
        this.taker = EverySecond.start("herald-receipt-relay", () -> closed || hub.isClosed(), this::takeMine, LOG,
                "take receipts passed on by other nodes");
    }

    /** What became of a batch passed on. */
    public enum Forwarded { PUSHED, NODE_QUIET, NO_SUCH_NODE }

    /** Passes a batch on to the node that holds its connection (Redis away: 503, the page retries). */
    public Forwarded forward(ReceiptBatch batch, boolean operator, String user) {
        ObjectNode o = JSON.createObjectNode();
        o.put("connection", batch.connection());
        batch.delivered().forEach(o.withArray("delivered")::add);
        batch.seen().forEach(o.withArray("seen")::add);
        o.put("operator", operator);
        o.put("user", user);
        Object pushed = PUSH.run(redis, List.of(presencePrefix + batch.node(), prefix + batch.node(), nodesKey),
                List.of(o.toString(), Integer.toString(MAX_WAITING), Integer.toString(KEEP_SECONDS), batch.node()));
        long r = ((Number) pushed).longValue();
        return r == 1 ? Forwarded.PUSHED : r == 2 ? Forwarded.NODE_QUIET : Forwarded.NO_SUCH_NODE;
    }

    /** Applies every batch waiting for this node. */
    void takeMine() {
        String key = prefix + hub.nodeId();
        while (true) {
            List<String> batch = RedisScript.call(() -> redis.lpop(key, TAKE));
            if (batch == null || batch.isEmpty()) {
                return;
            }
            for (String json : batch) {
                apply(json);
            }
            if (batch.size() < TAKE) {
                return;
            }
        }
    }

    private void apply(String json) {
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(json);
            // The caller's identity travels beside the page's own body, which is read as it was posted.
            boolean operator = o.remove("operator").asBoolean();
            JsonNode user = o.remove("user");
            receiver.receive(ReceiptBatch.from(o), operator, user.isTextual() ? user.asText() : null);
        } catch (Exception e) { // one unreadable entry must not hold up the rest
            LOG.fine(() -> "a forwarded receipt batch was dropped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        taker.interrupt();
    }
}
