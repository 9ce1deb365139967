package dev.herald.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Hub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who is in the cluster and how many streams each node holds. Every interval each node writes its
 * {@link NodeReport} as JSON under {@code <stream>:node:<id>} with a TTL, and its id into the set
 * {@code <stream>:nodes}; readers take every report still alive, so a node that died without a
 * word vanishes when its TTL runs out. Without Redis (single mode) the snapshot is this node alone.
 */
public final class ClusterPresence implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());
    // Reports from newer nodes may carry more fields (rolling upgrades): ignore what we don't know.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Hub hub;
    private final Supplier<String> address;
    private final RedisClient redis;
    private final String nodesKey;
    private final String nodeKeyPrefix;
    private final Duration interval;
    private final Duration ttl;
    private final Clock clock;
    private final Instant startedAt;
    private final Consumer<RuntimeException> failedWrites;
    private final List<Runnable> alsoEachBeat = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread beat;
    private volatile boolean closed;

    private ClusterPresence(Hub hub, Supplier<String> address, RedisClient redis, String streamKey,
                            Duration interval, Duration ttl, Consumer<RuntimeException> failedWrites) {
        this.hub = hub;
        this.failedWrites = failedWrites;
        this.address = address;
        this.redis = redis;
        this.nodesKey = streamKey + ":nodes";
        this.nodeKeyPrefix = streamKey + ":node:";
        this.interval = interval;
        this.ttl = ttl;
        this.clock = hub.clock();
        this.startedAt = clock.instant();
    }

    /** Starts reporting (call once the node serves, so its first report has its real address). */
    public synchronized ClusterPresence start() {
        if (redis != null && beat == null && !closed) {
            beat = Thread.ofPlatform().name("herald-presence").daemon().start(this::beatLoop);
        }
        return this;
    }

    /** Runs {@code task} on every beat after the report (cluster mode only); its failures wait for the next beat. */
    public ClusterPresence alsoEachBeat(Runnable task) {
        alsoEachBeat.add(task);
        return this;
    }

    /** This node alone: no shared presence. */
    public static ClusterPresence single(Hub hub, Supplier<String> address) {
        return new ClusterPresence(hub, address, null, "", Duration.ZERO, Duration.ZERO, e -> { });
    }

    /**
     * Cluster mode: reports to and reads from Redis next to the event stream {@code streamKey}. A report that
     * fails goes to {@code failedWrites} (the log's health: a Redis full for memory turns it DOWN).
     */
    public static ClusterPresence redis(Hub hub, Supplier<String> address, RedisClient redis, String streamKey,
                                        Duration interval, Duration ttl, Consumer<RuntimeException> failedWrites) {
        return new ClusterPresence(hub, address, redis, streamKey, interval, ttl, failedWrites);
    }

    /** This node's counts right now. */
    public NodeReport local() {
        return NodeReport.of(hub, address.get(), startedAt, clock.instant());
    }

    /** Totals and per-node counts; this node's own entry is always fresh. */
    public ClusterSnapshot snapshot() {
        if (redis == null) {
            return ClusterSnapshot.of("single", hub.nodeId(), List.of(local()), null);
        }
        try {
            List<String> ids = redis.zrange(nodesKey, 0, -1);
            List<NodeReport> nodes = new ArrayList<>();
            if (!ids.isEmpty()) {
                List<String> reports = redis.mget(ids.stream().map(id -> nodeKeyPrefix + id).toArray(String[]::new));
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    if (reports.get(i) == null) {
                        redis.zrem(nodesKey, id); // its TTL ran out: the node is gone
                    } else if (!id.equals(hub.nodeId())) {
                        nodes.add(JSON.readValue(reports.get(i), NodeReport.class));
                    }
                }
            }
            nodes.add(local());
            nodes.sort(Comparator.comparing(NodeReport::node));
            return ClusterSnapshot.of("redis", hub.nodeId(), nodes, null);
        } catch (JedisException | JsonProcessingException e) {
            return ClusterSnapshot.of("redis", hub.nodeId(), List.of(local()),
                    "cannot read the other nodes from redis: " + e.getMessage());
        }
    }

    private void beatLoop() {
        while (!closed) {
            try {
                report();
            } catch (RuntimeException e) {
                failedWrites.accept(e); // every node reports: a full Redis is seen within a beat, publishing or not
                LOG.log(Level.FINE, "presence report failed; next beat retries", e);
            } catch (JsonProcessingException e) {
                LOG.log(Level.FINE, "presence report failed; next beat retries", e);
            }
            for (Runnable task : alsoEachBeat) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "a beat's task failed; next beat retries", e);
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void report() throws JsonProcessingException {
        NodeReport r = local();
        redis.set(nodeKeyPrefix + r.node(), JSON.writeValueAsString(r), SetParams.setParams().px(ttl.toMillis()));
        redis.zadd(nodesKey, clock.millis(), r.node());
    }

    /** Stops reporting and removes this node at once (a clean leave; a crash waits for the TTL). */
    @Override
    public synchronized void close() {
        if (closed || beat == null) {
            closed = true;
            return;
        }
        closed = true;
        beat.interrupt();
        try {
            beat.join(2000);
            redis.del(nodeKeyPrefix + hub.nodeId());
            redis.zrem(nodesKey, hub.nodeId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JedisException e) {
            LOG.log(Level.FINE, "could not remove this node's presence; it expires by itself", e);
        }
    }
}
