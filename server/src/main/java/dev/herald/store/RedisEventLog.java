package dev.herald.store;

import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event log of a cluster: one Redis stream shared by every node. Ids come from one counter
 * key, bumped and used by the same Lua script that XADDs the entry as {@code <id>-0}, so they are
 * global, ordered and the stream's own ids: a client may take its Last-Event-ID to any node.
 * Retention: {@code MAXLEN ~} on every append, exact count and age ({@code MINID}) in {@link #prune}.
 * Fan-out to this node's listeners is done by one {@link RedisFanOut} reader per node, which also
 * feeds this node's {@link AudienceIndex} (built from the stream in the background after open), so a
 * stream whose few events lie far behind others' does not page through them all.
 */
public final class RedisEventLog implements EventLog {
    private static final Logger LOG = Logger.getLogger(RedisEventLog.class.getName());
    private static final long DELIVERY_WAIT_MS = 10_000;
    private static final long PRUNE_EVERY_MS = 30_000;

    private final RedisEndpoint endpoint;
    private final String stream;
    private final String sequence;
    private final Retention retention;
    private final RedisRetention trimming;
    private final RedisReads reads;
    private final RedisClient redis;
    private final RedisFanOut fanOut;
    private final Thread pruner;
    private final RedisAudience audience = new RedisAudience();
    private static final RedisScript APPEND = RedisScript.of(RedisEntries.APPEND);
    private final RedisStreamEnds ends;
    private volatile boolean closed;
    private final RedisInstance instance;
    private final RedisMemory memory;
    private final RedisFirstAnswer firstAnswer;

    /**
     * Connects to the stream {@code streamKey} (its counter is {@code streamKey:seq}). When Redis
     * cannot be reached the log still opens: it reports DOWN and refuses appends until Redis is back.
     */
    public RedisEventLog(RedisEndpoint endpoint, String streamKey, Retention retention) {
        this.endpoint = endpoint;
        this.stream = streamKey;
        this.sequence = streamKey + ":seq";
        this.redis = endpoint.pooled(16);
        this.retention = retention;
        this.trimming = new RedisRetention(redis, streamKey, retention);
        this.reads = new RedisReads(redis, streamKey, audience::index);
        this.instance = new RedisInstance(redis, streamKey, this::startOver);
        this.memory = new RedisMemory(redis, sequence, "redis " + endpoint.describe());
        this.ends = new RedisStreamEnds(redis, streamKey, sequence);
        this.firstAnswer = new RedisFirstAnswer(endpoint, streamKey, memory);
        long start = -1;
        try {
            start = ends.latest();
        } catch (EventLogException e) {
            String refused = firstAnswer.failedAtStart(e);
            if (refused != null) { // DOWN for ever would hide why
                redis.close();
                throw new IllegalStateException(refused, e);
            }
        }
        String unchecked = start >= 0 ? firstAnswer.answeredAtStart() : null;
        if (unchecked != null) {
            redis.close();
            throw new IllegalStateException(unchecked);
        }
        this.fanOut = new RedisFanOut(endpoint, stream, start, ends::latest, this::dropStaleConnections,
                audience); // indexed before the hub hears of it
        if (start >= 0) {
            fanOut.awaitConnected(endpoint.timeout().toMillis() * 2);
        }
        audience.load(reads.audience(() -> closed), this::startedAfter, ends::pruned);
        this.pruner = Thread.ofPlatform().name("herald-redis-pruner").daemon().start(this::pruneLoop);
    }

    /** The pooled client, shared with cluster presence. */
    public RedisClient client() {
        return redis;
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public String streamKey() {
        return stream;
    }

    /** The key of the log's instance id ({@link RedisInstance}): gone, and made again, when Redis loses its data. */
    public static String instanceKey(String streamKey) {
        return RedisInstance.key(streamKey);
    }

    /**
     * A write of another part on this Redis failed (scheduling, presence): one refused for memory turns health
     * DOWN with Redis's answer, as a refused append does, and the same probe brings it back UP.
     */
    public void writeFailed(RuntimeException e) {
        memory.failed(e);
    }

    @Override
    public StoredEvent append(EventDraft draft) {
        if (closed) {
            throw new EventLogException("event log is closed");
        }
        long floor = ends.floor(fanOut.lastId());
        long id;
        try {
            id = ((Number) script(APPEND, RedisEntries.appendArgs(retention.maxEvents(), floor, draft))).longValue();
        } catch (EventLogException e) {
            memory.failed(e); // full Redis: health says so
            throw e;
        }
        memory.accepted();
        ends.appended(id);
        // Stored: the caller may say so. Delivery to this node's streams is the reader's job;
        // wait for it so the contract holds (handed to every local subscriber on return).
        try {
            if (!fanOut.awaitDelivered(id, DELIVERY_WAIT_MS)) {
                LOG.fine(() -> "event " + id + " stored; local delivery still pending");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new StoredEvent(id, draft);
    }

    private long startedAfter() {
        try {
            return fanOut.awaitStartedAfter(); // the reader's first connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogException("interrupted", e);
        }
    }

    /** For tests: waits until reads of some topics use the audience index. */
    boolean awaitAudienceIndex(Duration timeout) throws InterruptedException {
        return audience.awaitReady(timeout);
    }

    @Override
    public List<StoredEvent> readAfter(long afterId, EventFilter filter, int limit) {
        return reads.after(afterId, filter, limit);
    }

    @Override
    public List<StoredEvent> readBefore(long beforeId, EventFilter filter, int limit) {
        return reads.before(beforeId, filter, limit);
    }

    @Override
    public Map<Long, StoredEvent> readIds(Collection<Long> ids) {
        return reads.ids(ids);
    }

    // XDEL: ids stay taken (the sequence key hands them out). Deleting the oldest entry moves
    // prunedThrough up to it, as retention would.
    @Override
    public StoredEvent retract(long id) {
        StoredEvent found = reads.ids(List.of(id)).get(id);
        if (found == null) {
            return null;
        }
        long removed = call(() -> redis.xdel(stream, new redis.clients.jedis.StreamEntryID(id, 0)));
        if (removed != 1) {
            return null;
        }
        audience.remove(found);
        return found;
    }

    @Override
    public boolean instanceCanChange() {
        return true;
    }

    /** {@link RedisInstance}: a new one (Redis lost its data) is noticed within a few seconds. */
    @Override
    public String instanceId() {
        return instance.id();
    }

    // Redis lost its data: the reader and the index start over on the new stream, as on a node opened
    // now (the hub closes the streams when it sees the new instance). The cut is the new stream's.
    private void startOver() {
        ends.startOver();
        audience.scanMeanwhile();
        fanOut.startOver();
    }

    @Override
    public long latestId() {
        return position().latestId();
    }

    @Override
    public long prunedThrough() {
        return position().prunedThrough();
    }

    @Override
    public Position position() {
        return ends.now(fanOut.lastId());
    }

    @Override
    public int prune(Instant now) {
        int removed = trimming.trim(now);
        audience.removeThrough(prunedThrough());
        return removed;
    }

    private void pruneLoop() {
        while (!closed) {
            try {
                Thread.sleep(PRUNE_EVERY_MS);
                if (!closed) {
                    prune(Instant.now());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "redis prune failed; next round retries", e);
            }
        }
    }

    @Override
    public void subscribe(Consumer<StoredEvent> listener) {
        fanOut.subscribe(listener);
    }

    @Override
    public Health health() {
        String where = "redis " + endpoint.describe() + " stream " + stream;
        if (closed) {
            return new Health(false, where + ": closed");
        }
        try {
            call(redis::ping);
        } catch (EventLogException e) {
            return new Health(false, where + ": " + e.getMessage());
        }
        if (!fanOut.connected()) {
            return new Health(false, where + ": reader reconnecting (" + fanOut.problem() + ")");
        }
        String full = memory.refusal();
        if (full != null) {
            return new Health(false, where + ": " + full);
        }
        return new Health(true, where + ", read through id " + fanOut.lastId());
    }

    private void dropStaleConnections() {
        instance.askAgain(); // Redis may have come back empty
        firstAnswer.answeredLater(); // Redis was away at start: what stops a start can only be logged now
        try {
            redis.getPool().clear();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "clearing the redis pool", e);
        }
    }

    private Object script(RedisScript script, String... args) {
        return script.run(redis, List.of(stream, sequence), List.of(args));
    }

    private static <T> T call(java.util.function.Supplier<T> command) {
        return RedisScript.call(command);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pruner.interrupt();
        fanOut.close();
        redis.close();
    }
}
