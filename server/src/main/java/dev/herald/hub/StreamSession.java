package dev.herald.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.store.EventFilter;
import dev.herald.store.EventLog;
import dev.herald.store.StoredEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's stream. The connection's own thread sets it up (retry hint and hello, replay
 * from the log after Last-Event-ID, one write) and then only waits for the client to leave
 * ({@link ClientWatch}). Live events and heartbeats are written by a short-lived virtual thread
 * that the queue starts when work appears ({@link EventQueue#start}): it writes everything waiting
 * with one write and one flush, and ends when the queue is empty. An idle stream so keeps one
 * parked thread that is never woken, instead of a deep stack that is thawed and frozen again (a new
 * StackChunk) for every event and heartbeat; measured in docs/performance.md.
 */
public final class StreamSession {
    private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());
    // Jackson's default buffer pool is a ThreadLocal: every stream's virtual thread would keep its
    // own ~8 KB of char buffers for as long as the stream lives (seen in a heap histogram at 19,000
    // idle streams). A shared pool hands the buffers back after each hello.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build()).build();
    private static final int REPLAY_PAGE = 500;
    // Under load a stream writes at most once per this interval: events arriving closer together
    // than this go out in one write (one syscall and one wakeup for many events). At the usual
    // rates (tens of events per second) it never applies and adds no latency.
    private static final long COALESCE_NANOS = Duration.ofMillis(5).toNanos();
    // A write buffer that grew past this (a replay page, a burst) is dropped after use, not kept by an idle stream.
    private static final int KEEP_BUFFER = 4096;

    /** Stream timing: the heartbeat interval and the reconnect delay suggested to browsers. */
    public record Settings(Duration heartbeat, Duration retry) {
    }

    private final Hub hub;
    private final Subscriber subscriber;
    private final Long lastEventId;
    private final Settings settings;
    private final Runnable setupDone;
    private final CountDownLatch ended = new CountDownLatch(1);
    private ClientWatch watch;
    // Used by one thread at a time: the setup thread, then one writer at a time (EventQueue hands over).
    private OutputStream out;
    private ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private final ArrayList<StoredEvent> batch = new ArrayList<>();
    private long sent;
    private long lastWrite = System.nanoTime() - COALESCE_NANOS;

    /**
     * @param lastEventId the client's Last-Event-ID, or null for a fresh client (live only)
     */
    public StreamSession(Hub hub, Subscriber subscriber, Long lastEventId, Settings settings) {
        this(hub, subscriber, lastEventId, settings, () -> { });
    }

    /**
     * @param setupDone called once the hello and replay are built, before the first write (frees the slot from
     *                  {@link Hub#startSetup()})
     */
    public StreamSession(Hub hub, Subscriber subscriber, Long lastEventId, Settings settings, Runnable setupDone) {
        this.setupDone = setupDone;
        this.hub = hub;
        this.subscriber = subscriber;
        this.lastEventId = lastEventId;
        this.settings = settings;
    }

    /**
     * Streams until the client leaves, is dropped or kicked, or the hub shuts down, then closes
     * {@code out}. Blocks the calling thread that long.
     *
     * @param watch notices the client leaving; null: a gone client is found by a failing write (heartbeat)
     */
    public void run(OutputStream out, ClientWatch watch) {
        this.out = out;
        this.watch = watch;
        try {
            try {
                buf.write(SseFrame.retry(settings.retry().toMillis()));
                buf.write(SseFrame.named("hello", hello()));
                if (lastEventId != null) {
                    replay();
                }
            } finally {
                // Freed before any write: a client that never reads would otherwise block the write
                // and hold the slot, and every new stream would wait behind it.
                setupDone.run();
            }
            flush();
            // Replayed events count as received at once (receipts for them must not wait for a live batch).
            subscriber.delivered(sent);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, () -> "stream " + subscriber.id() + " ended in setup: " + e);
            hub.unsubscribe(subscriber, Subscriber.CloseReason.CLIENT_GONE);
            close(out);
            return;
        }
        hub.heartbeatEvery(settings.heartbeat());
        Runnable write = this::write; // one object for the stream's life, not one per wakeup
        subscriber.queue().start(() -> Thread.startVirtualThread(write));
        if (watch != null) {
            watch.awaitGone();
            hub.unsubscribe(subscriber, Subscriber.CloseReason.CLIENT_GONE);
        }
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                // Shutting down: end the stream, but return only once the writer is done with out.
                interrupted = true;
                hub.unsubscribe(subscriber, Subscriber.CloseReason.SHUTDOWN);
            }
        }
        close(out);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // The writer: runs on its own short-lived virtual thread until the queue is empty or closed.
    private void write() {
        EventQueue queue = subscriber.queue();
        try {
            while (true) {
                batch.clear();
                EventQueue.Next next = queue.next(batch);
                if (next == EventQueue.Next.IDLE) {
                    return;
                }
                if (next == EventQueue.Next.CLOSED || !coalesce()) {
                    end();
                    return;
                }
                if (batch.isEmpty()) {
                    buf.write(SseFrame.HEARTBEAT);
                } else {
                    int n = 0;
                    for (StoredEvent e : batch) {
                        if (e.id() > sent) {
                            buf.write(e.frame());
                            sent = e.id();
                            hub.countDelivered(e);
                            n++;
                        }
                    }
                    hub.countDelivered(n);
                }
                flush();
                lastWrite = System.nanoTime();
                subscriber.delivered(sent);
            }
        } catch (InterruptedException e) {
            hub.unsubscribe(subscriber, Subscriber.CloseReason.SHUTDOWN);
            end();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a gone client as ServerConnectionException or UncheckedIOException.
            LOG.log(Level.FINE, () -> "stream " + subscriber.id() + " ended: " + e);
            hub.unsubscribe(subscriber, Subscriber.CloseReason.CLIENT_GONE);
            end();
        }
    }

    // Events right after a write: wait out the rest of the coalescing interval, then take what came.
    private boolean coalesce() throws InterruptedException {
        long wait = COALESCE_NANOS - (System.nanoTime() - lastWrite);
        if (batch.isEmpty() || wait <= 0) {
            return true;
        }
        Thread.sleep(Duration.ofNanos(wait));
        return subscriber.queue().poll(batch);
    }

    private void flush() throws IOException {
        int size = buf.size();
        SseFrame.writeAndFlush(buf, out);
        if (size > KEEP_BUFFER) {
            buf = new ByteArrayOutputStream(256);
            batch.clear();
            batch.trimToSize();
        }
    }

    // The writer is done with out for good: lets run() return (it ends the response).
    private void end() {
        ended.countDown();
        if (watch != null) {
            watch.release();
        }
    }

    private static void close(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // The client is gone already; nothing to tell anyone.
        }
    }

    private String hello() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("connection", subscriber.id());
        n.putPOJO("topics", subscriber.topics().stream().sorted().toList());
        n.put("latestId", hub.log().latestId());
        n.put("heartbeat", settings.heartbeat().toMillis());
        return JSON.writeValueAsString(n);
    }

    private void replay() throws IOException {
        EventLog log = hub.log();
        long cursor = lastEventId;
        long latest = log.latestId();
        if (cursor > latest) {
            // An id from the future: this log was wiped or is another hub's. Start over.
            buf.write(SseFrame.named("reset", resetJson("unknown-id", latest)));
            cursor = 0;
        } else if (cursor < log.prunedThrough()) {
            buf.write(SseFrame.named("reset", resetJson("retention", log.prunedThrough())));
        }
        EventFilter filter = subscriber.filter(hub.clock().instant());
        while (true) {
            List<StoredEvent> page = log.readAfter(cursor, filter, REPLAY_PAGE);
            for (StoredEvent e : page) {
                buf.write(e.frame());
                sent = e.id();
                hub.countDelivered(e);
            }
            hub.countReplayed(page.size());
            hub.countDelivered(page.size());
            if (page.size() < REPLAY_PAGE) {
                break;
            }
            cursor = page.getLast().id();
            setupDone.run(); // before the write, see run()
            flush();
        }
        // Live events already queued with ids up to here are skipped by the sent check.
        sent = Math.max(sent, Math.min(lastEventId, latest));
    }

    private static String resetJson(String reason, long id) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("reason", reason);
        n.put("id", id);
        return JSON.writeValueAsString(n);
    }

}
