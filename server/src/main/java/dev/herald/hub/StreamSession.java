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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's stream, run on that connection's own thread: retry hint and hello, replay
 * from the log after Last-Event-ID, then live events from its queue, a heartbeat whenever the
 * queue stays quiet. Everything waiting is written with one write and one flush.
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

    /** Stream timing: the heartbeat interval and the reconnect delay suggested to browsers. */
    public record Settings(Duration heartbeat, Duration retry) {
    }

    private final Hub hub;
    private final Subscriber subscriber;
    private final Long lastEventId;
    private final Settings settings;
    private final Runnable setupDone;
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

    /** Streams until the client leaves, is dropped or kicked, or the hub shuts down. */
    public void run(OutputStream out) {
        Subscriber.CloseReason reason = Subscriber.CloseReason.CLIENT_GONE;
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
            try {
                buf.write(SseFrame.retry(settings.retry().toMillis()));
                buf.write(SseFrame.named("hello", hello()));
                if (lastEventId != null) {
                    replay(buf, out);
                }
            } finally {
                // Freed before any write: a client that never reads would otherwise block the write
                // and hold the slot, and every new stream would wait behind it.
                setupDone.run();
            }
            SseFrame.writeAndFlush(buf, out);
            // Replayed events count as received at once (receipts for them must not wait for a live batch).
            subscriber.delivered(sent);
            hub.heartbeatEvery(settings.heartbeat());
            // Reused for every wakeup: the loop allocates nothing per delivery.
            List<StoredEvent> batch = new ArrayList<>();
            while (true) {
                batch.clear();
                if (!subscriber.queue().await(batch) || !coalesce(batch)) {
                    reason = subscriber.closeReason();
                    break;
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
                SseFrame.writeAndFlush(buf, out);
                lastWrite = System.nanoTime();
                subscriber.delivered(sent);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a gone client as ServerConnectionException or UncheckedIOException.
            LOG.log(Level.FINE, () -> "stream " + subscriber.id() + " ended: " + e);
        } finally {
            hub.unsubscribe(subscriber, reason);
        }
    }

    // Events right after a write: wait out the rest of the coalescing interval, then take what came.
    private boolean coalesce(List<StoredEvent> batch) throws InterruptedException {
        long wait = COALESCE_NANOS - (System.nanoTime() - lastWrite);
        if (batch.isEmpty() || wait <= 0) {
            return true;
        }
        Thread.sleep(Duration.ofNanos(wait));
        return subscriber.queue().poll(batch);
    }

    private String hello() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("connection", subscriber.id());
        n.putPOJO("topics", subscriber.topics().stream().sorted().toList());
        n.put("latestId", hub.log().latestId());
        n.put("heartbeat", settings.heartbeat().toMillis());
        return JSON.writeValueAsString(n);
    }

    private void replay(ByteArrayOutputStream buf, OutputStream out) throws IOException {
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
            SseFrame.writeAndFlush(buf, out);
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
