package dev.herald.store;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's one reader of the shared stream: {@code XREAD BLOCK} from the last id it delivered,
 * handing each new entry to the listeners, once, in id order, whichever node appended it.
 * Local appends are delivered by this reader too (never directly), so nothing is delivered twice;
 * an append waits here until its own id has gone by. When Redis is away the reader retries with
 * backoff and resumes after the last id it delivered.
 */
final class RedisFanOut implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisFanOut.class.getName());
    private static final int BLOCK_MS = 1000;
    private static final int BATCH = 512;
    private static final long MAX_BACKOFF_MS = 2000;

    private final RedisEndpoint endpoint;
    private final String stream;
    private final LongSupplier startId;
    private final Runnable onReconnect;
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters = new ConcurrentSkipListMap<>();
    private final java.util.concurrent.CountDownLatch firstConnect = new java.util.concurrent.CountDownLatch(1);
    private final Thread thread;
    private volatile Jedis current;
    private volatile long lastId;
    private volatile long firstId;
    private volatile boolean restartWanted;
    private final RedisAudience index;
    private volatile boolean connected;
    private volatile String problem = "not connected yet";
    private volatile boolean closed;

    /**
     * @param startId     where to start when no id was delivered yet, or after the stream started over (the latest id)
     * @param onReconnect run after Redis came back, before reading again (drops stale pooled connections)
     * @param index       the node's audience index: fed each entry before the listeners, and started
     *                    over with the reader ({@link #startOver})
     */
    RedisFanOut(RedisEndpoint endpoint, String stream, long start, LongSupplier startId, Runnable onReconnect,
                RedisAudience index) {
        this.endpoint = endpoint;
        this.stream = stream;
        this.startId = startId;
        this.onReconnect = onReconnect;
        this.lastId = start;
        this.firstId = start;
        this.index = index;
        this.listeners.add(index::add);
        this.thread = Thread.ofPlatform().name("herald-redis-reader").daemon().start(this::run);
    }

    void subscribe(Consumer<StoredEvent> listener) {
        listeners.add(listener);
    }

    /** The last id handed to the listeners (-1 before the first connection). */
    long lastId() {
        return lastId;
    }

    /**
     * The id this reader started after (the latest when it first reached Redis): it hands over every
     * entry above it, none at or below. Waits for the first connection; -1 once closed before it.
     */
    long awaitStartedAfter() throws InterruptedException {
        while (firstId < 0 && !closed) {
            firstConnect.await(BLOCK_MS, TimeUnit.MILLISECONDS);
        }
        return firstId;
    }

    /**
     * Redis lost its data and the stream starts over (a new log instance): from its next round, within a
     * second, the reader reads on after the new stream's latest id, as a node opened now would, and the
     * index is built again. Without it the reader waited above the lost stream's ids, skipping the new
     * entries below them.
     */
    void startOver() {
        restartWanted = true;
    }

    boolean connected() {
        return connected;
    }

    /** Waits for the first connection (start-up), so a log that could reach Redis opens UP. */
    boolean awaitConnected(long timeoutMillis) {
        try {
            return firstConnect.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String problem() {
        return problem;
    }

    /** Waits until this reader has delivered the id (or a later one); false on timeout. */
    boolean awaitDelivered(long id, long timeoutMillis) throws InterruptedException {
        if (lastId >= id) {
            return true;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.put(id, done);
        try {
            if (lastId >= id) {
                return true;
            }
            done.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } finally {
            waiters.remove(id);
        }
    }

    private void run() {
        long backoff = 100;
        boolean wasDown = false;
        while (!closed) {
            try (Jedis jedis = endpoint.dedicated(BLOCK_MS)) {
                current = jedis;
                jedis.ping();
                if (lastId < 0) {
                    lastId = startId.getAsLong();
                    firstId = lastId;
                }
                if (wasDown) {
                    onReconnect.run();
                    LOG.info("redis " + endpoint.describe() + " is back; reading " + stream + " after id " + lastId);
                }
                connected = true;
                problem = null;
                wasDown = false;
                backoff = 100;
                firstConnect.countDown();
                readLoop(jedis);
            } catch (RuntimeException e) {
                // Mostly JedisException (Redis away); anything else must not end fan-out either.
                connected = false;
                if (closed) {
                    break;
                }
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!wasDown) {
                    // Before the first read there is no id to resume after (lastId is -1 then).
                    LOG.warning("redis " + endpoint.describe() + " unavailable (" + problem + "); open streams stay open; "
                            + (lastId < 0 ? "retrying, then reading from the newest id" : "retrying and resuming after id " + lastId));
                }
                wasDown = true;
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
        connected = false;
    }

    private void readLoop(Jedis jedis) {
        XReadParams params = XReadParams.xReadParams().block(BLOCK_MS).count(BATCH);
        while (!closed) {
            if (restartWanted) {
                // Read here, between rounds: what was handed over is at or below it, or of the lost stream.
                long over = startId.getAsLong();
                restartWanted = false;
                LOG.info("redis " + endpoint.describe() + " lost " + stream + " (a new log instance); reading it after id "
                        + over + " instead of " + lastId);
                lastId = over;
                index.startOver(over);
            }
            List<Map.Entry<String, List<StreamEntry>>> result =
                    jedis.xread(params, Map.of(stream, new StreamEntryID(lastId, 0)));
            if (result == null) {
                continue;
            }
            for (Map.Entry<String, List<StreamEntry>> s : result) {
                for (StreamEntry entry : s.getValue()) {
                    deliver(entry);
                }
            }
            ConcurrentNavigableMap<Long, CompletableFuture<Void>> done = waiters.headMap(lastId, true);
            done.values().forEach(f -> f.complete(null));
        }
    }

    private void deliver(StreamEntry entry) {
        StoredEvent e;
        try {
            e = RedisEntries.decode(entry);
        } catch (RuntimeException bad) {
            // Not written by Herald (or by an incompatible version): skip it rather than stall.
            LOG.warning("skipping unreadable entry " + entry.getID() + " in " + stream + ": " + bad);
            lastId = Math.max(lastId, entry.getID().getTime());
            return;
        }
        if (e.id() <= lastId) {
            return;
        }
        for (Consumer<StoredEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "event log listener failed", ex);
            }
        }
        lastId = e.id();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Jedis blocked = current;
        if (blocked != null) {
            try {
                blocked.disconnect(); // ends the blocking XREAD now instead of at its timeout
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(BLOCK_MS * 3L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
