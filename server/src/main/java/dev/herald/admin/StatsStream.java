package dev.herald.admin;

import dev.herald.hub.ConnectionListener;
import dev.herald.hub.Hub;
import dev.herald.hub.SseFrame;
import dev.herald.hub.Subscriber;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live feed behind GET /admin/stats/stream: one ticker samples the counters and pushes a
 * {@code stats} event to every operator stream once a second; the hub's connection listener adds
 * {@code client-connected} / {@code client-disconnected} events as they happen. Operator streams
 * are not hub subscribers, so they never count as notification clients.
 */
final class StatsStream implements ConnectionListener {
    private static final Logger LOG = Logger.getLogger(StatsStream.class.getName());
    private static final long TICK_MILLIS = 1000;
    private static final byte[] WAITING = SseFrame.comment("stats wait for the store");

    private final Hub hub;
    private final StatsSnapshots snapshots;
    private final Set<StatsConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread ticker;
    private boolean failing; // the work thread's
    private final java.util.function.Function<Boolean, java.util.List<byte[]>> extraEvents;

    StatsStream(Hub hub, StatsSnapshots snapshots) {
        this(hub, snapshots, watched -> java.util.List.of());
    }

    /**
     * @param extraEvents frames to send after each tick's stats, asked every tick given whether an operator
     *                    watches (also when none does: what they count drains, or they skip their work)
     */
    StatsStream(Hub hub, StatsSnapshots snapshots, java.util.function.Function<Boolean, java.util.List<byte[]>> extraEvents) {
        this.hub = hub;
        this.snapshots = snapshots;
        this.extraEvents = extraEvents;
        hub.addConnectionListener(this);
        this.ticker = Thread.ofPlatform().daemon().name("herald-admin-stats-" + hub.nodeId()).start(this::tick);
    }

    /** A new operator stream, primed with the retry hint and the current stats. */
    StatsConnection open() {
        StatsConnection c = new StatsConnection();
        c.offer(SseFrame.retry(3000));
        c.offer(SseFrame.named("stats", snapshots.snapshot().toString()));
        connections.add(c);
        return c;
    }

    void close(StatsConnection c) {
        connections.remove(c);
        c.close();
    }

    int openStreams() {
        return connections.size();
    }

    // Called on the subscribing/unsubscribing thread: no work at all while no operator watches.
    @Override
    public void connected(Subscriber s) {
        if (!connections.isEmpty()) {
            broadcast(SseFrame.named("client-connected", AdminJson.client(s).toString()));
        }
    }

    @Override
    public void disconnected(Subscriber s, Subscriber.CloseReason reason) {
        if (!connections.isEmpty()) {
            broadcast(SseFrame.named("client-disconnected", AdminJson.disconnected(s, reason).toString()));
        }
    }

    private void broadcast(byte[] frame) {
        for (StatsConnection c : connections) {
            if (!c.offer(frame)) {
                close(c); // an operator that stopped reading: drop rather than grow
            }
        }
    }

    // Runs until the hub shuts down, then ends every operator stream. A tick's work may wait on Redis
    // (cluster counts, receipts, scheduled): it runs on its own thread, and while one has not finished
    // the operators get a comment line instead, since the admin app takes 5 s without a line for a hung
    // server; a hung or partitioned Redis used to hold the feed for ~9-11 s and mark a live node unreachable.
    private void tick() {
        ExecutorService work = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("herald-admin-stats-work-" + hub.nodeId()).factory());
        try {
            Future<?> running = null;
            while (!hub.isClosed()) {
                if (running == null || running.isDone()) {
                    running = work.submit(this::sampleAndSend);
                } else if (!connections.isEmpty()) {
                    broadcast(WAITING);
                }
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "admin stats ticker stopped", e);
        } finally {
            work.shutdownNow();
            hub.removeConnectionListener(this);
            for (StatsConnection c : connections) {
                close(c);
            }
        }
    }

    // One tick's samples and events (the work thread only, one at a time).
    private void sampleAndSend() {
        try {
            snapshots.sample();
            boolean watched = !connections.isEmpty();
            java.util.List<byte[]> extra = extraEvents.apply(watched);
            if (watched) {
                broadcast(SseFrame.named("stats", snapshots.snapshot().toString()));
                extra.forEach(this::broadcast);
            }
            failing = false;
        } catch (RuntimeException e) { // one bad tick must not end every operator's feed for good
            if (!failing) {
                LOG.log(Level.WARNING, "admin stats tick failed; trying again next second", e);
            }
            failing = true;
        }
    }
}
