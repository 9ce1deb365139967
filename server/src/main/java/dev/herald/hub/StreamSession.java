package dev.herald.hub;

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
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's stream. A short-lived setup thread waits for a setup slot, subscribes, writes
 * the retry hint and hello and the replay from the log after Last-Event-ID; the connection's own
 * thread only waits for the client to leave ({@link ClientWatch}). Live events and heartbeats are
 * written by a short-lived virtual thread
 * that the queue starts when work appears ({@link EventQueue#start}): it writes everything waiting
 * with one write and one flush, and ends when the queue is empty. An idle stream so keeps one
 * parked thread that is never woken, instead of a deep stack that is thawed and frozen again (a new
 * StackChunk) for every event and heartbeat; measured in docs/performance.md.
 */
public final class StreamSession {
    private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());
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
    private final Supplier<Subscriber> subscribe;
    private final Long lastEventId;
    private final Settings settings;
    private final CountDownLatch ended = new CountDownLatch(1);
    private ClientWatch watch;
    // Set by the setup thread once it holds a slot and subscribed; gone: the client left before that.
    private Subscriber subscriber;
    private boolean gone;
    private Runnable slot = () -> { };
    private boolean retrySent;
    // Used by one thread at a time: the setup thread, then one writer at a time (EventQueue hands over).
    private OutputStream out;
    private ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private final ArrayList<StoredEvent> batch = new ArrayList<>();
    private long sent;
    private long lastWrite = System.nanoTime() - COALESCE_NANOS;

    /**
     * A stream for a connection that is subscribed already (tests).
     *
     * @param lastEventId the client's Last-Event-ID, or null for a fresh client (live only)
     */
    public StreamSession(Hub hub, Subscriber subscriber, Long lastEventId, Settings settings) {
        this(hub, () -> subscriber, lastEventId, settings);
        this.subscriber = subscriber; // so that leaving before the setup still unsubscribes it
    }

    /**
     * @param subscribe registers the connection with the hub; called on the setup thread once it holds a
     *                  setup slot ({@link Hub#startSetup()}), so thousands of waiting streams queue no events
     */
    public StreamSession(Hub hub, Supplier<Subscriber> subscribe, Long lastEventId, Settings settings) {
        this.hub = hub;
        this.subscribe = subscribe;
        this.lastEventId = lastEventId;
        this.settings = settings;
    }

    /** The HTTP layer wrote the retry hint with the response head already: the stream starts with hello. */
    public StreamSession retrySent() {
        retrySent = true;
        return this;
    }

    /**
     * Streams until the client leaves, is dropped or kicked, or the hub shuts down, then closes
     * {@code out}. Blocks the calling thread that long.
     *
     * <p>The calling thread (Helidon's handler, with its deep stack) only waits: the setup (a setup
     * slot, subscribe, hello, replay, first write) runs on a short-lived thread of its own. A virtual
     * thread that parks at two depths keeps two stack chunks, the first with dead space (+~1.5 KB per
     * stream in a reconnect storm, docs/performance.md); parked once, it keeps one.
     *
     * @param watch notices the client leaving; null: a gone client is found by a failing write (heartbeat)
     */
    public void run(OutputStream out, ClientWatch watch) {
        this.out = out;
        this.watch = watch;
        Thread.startVirtualThread(this::setUp);
        if (watch != null) {
            watch.awaitGone();
            leave(Subscriber.CloseReason.CLIENT_GONE);
        }
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                // Shutting down: end the stream, but return only once the writer is done with out.
                interrupted = true;
                leave(Subscriber.CloseReason.SHUTDOWN);
            }
        }
        Subscriber s = subscriber();
        if (s != null) {
            hub.unsubscribe(s, Subscriber.CloseReason.CLIENT_GONE); // no-op when it left already
        }
        close(out);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void setUp() {
        boolean live = false;
        try {
            slot = hub.startSetup();
            try {
                if (!attach()) {
                    return;
                }
                if (!retrySent) {
                    buf.write(SseFrame.retry(settings.retry().toMillis()));
                }
                buf.write(SseFrame.hello(subscriber, hub.log().instanceId(), hub.log().latestId(), settings.heartbeat()));
                if (lastEventId != null) {
                    replay();
                }
            } finally {
                // Freed before any write: a client that never reads would otherwise block the write
                // and hold the slot, and every new stream would wait behind it.
                slot.run();
            }
            flush();
            // Replayed events count as received at once (receipts for them must not wait for a live batch).
            subscriber.delivered(sent);
            hub.heartbeatEvery(settings.heartbeat());
            Runnable write = this::write; // one object for the stream's life, not one per wakeup
            subscriber.queue().start(() -> Thread.startVirtualThread(write));
            live = true;
        } catch (InterruptedException e) {
            // Shutting down before a slot came.
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, () -> "stream ended in setup: " + e);
        } finally {
            if (!live) {
                // Whatever stopped the setup (an Error too): the handler must not wait forever.
                leave(Subscriber.CloseReason.CLIENT_GONE);
                end();
            }
        }
    }

    // Subscribes unless the client left while waiting for a slot (then the stream is over).
    private boolean attach() {
        synchronized (this) {
            if (gone) {
                return false;
            }
        }
        Subscriber s = subscribe.get(); // throws while the hub shuts down
        synchronized (this) {
            if (!gone) {
                subscriber = s;
                return true;
            }
        }
        hub.unsubscribe(s, Subscriber.CloseReason.CLIENT_GONE);
        return false;
    }

    // The client left or the hub shuts down: a subscribed stream is closed through its queue (the
    // writer ends it); one not subscribed yet ends here, and its setup will not start.
    private void leave(Subscriber.CloseReason reason) {
        Subscriber s;
        synchronized (this) {
            gone = true;
            s = subscriber;
        }
        if (s != null) {
            hub.unsubscribe(s, reason);
        } else {
            end();
        }
    }

    private synchronized Subscriber subscriber() {
        return subscriber;
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

    private void replay() throws IOException {
        EventLog log = hub.log();
        long cursor = lastEventId;
        long latest = log.latestId();
        if (cursor > latest) {
            // An id from the future: this log was wiped or is another hub's. Start over.
            buf.write(SseFrame.reset("unknown-id", latest));
            cursor = 0;
        } else if (cursor < log.prunedThrough()) {
            buf.write(SseFrame.reset("retention", log.prunedThrough()));
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
            slot.run(); // before the write, see setUp()
            flush();
        }
        // Live events already queued with ids up to here are skipped by the sent check.
        sent = Math.max(sent, Math.min(lastEventId, latest));
    }


}
