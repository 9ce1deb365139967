package dev.herald.hub;

import dev.herald.store.EventLog;
import dev.herald.store.EventLogException;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's stream. A short-lived setup thread waits for a setup slot, subscribes, writes the
 * retry hint, hello and the replay after Last-Event-ID. Then, whenever work appears (events, a due
 * heartbeat, the close), the queue hands the stream to a writer ({@link EventQueue#start}) that writes
 * everything waiting in one write:
 * <ul>
 *   <li>on a connection Herald owns ({@link #start} with a {@link LiveOutput}): the output's writer
 *   threads, non-blocking; no thread waits per stream, and the output reports the client leaving;</li>
 *   <li>on Helidon's thread ({@link #run}): a {@link BlockingWriter} on a short-lived virtual thread
 *   per wakeup, while the connection's thread only waits for the client to leave ({@link ClientWatch}).</li>
 * </ul>
 * Why no long-lived writer thread: a parked thread is woken, its stack thawed and frozen into a new
 * StackChunk, for every event and heartbeat (measured in docs/performance.md).
 */
public final class StreamSession {
    private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());

    /** Stream timing: the heartbeat interval and the reconnect delay suggested to browsers. */
    public record Settings(Duration heartbeat, Duration retry) {
    }

    private final Hub hub;
    private final Supplier<Subscriber> subscribe;
    private final Long lastEventId;
    private final Settings settings;
    private final CountDownLatch ended = new CountDownLatch(1);
    private ClientWatch watch;
    // Set when the stream goes live on a non-blocking output (start): no thread of its own then.
    private LiveOutput liveOut;
    // Set by the setup thread once it holds a slot and subscribed; gone: the client left before that.
    private Subscriber subscriber;
    private boolean gone;
    private Runnable slot = () -> { };
    private boolean retrySent;
    // Used by one thread at a time: the setup thread, then one writer at a time (EventQueue hands over).
    private OutputStream out;
    private final Outbox outbox;

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
        this.outbox = new Outbox(hub);
    }

    /** The client asked for heartbeats it can hear ({@code ?heartbeat=event}). */
    public StreamSession heartbeatEvents(boolean asEvents) {
        if (asEvents) {
            outbox.heartbeatAsEvent();
        }
        return this;
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

    /**
     * Streams on a connection that is written without blocking once live: {@code live} watches for the
     * client leaving from here on; the setup (a setup slot, subscribe, hello, replay) runs on the calling
     * thread, writing to {@code setupOut} (which waits while the socket is full), then the stream goes
     * live on {@code live} and this returns. From then on no thread waits for
     * this stream: the output runs its drain when there is work, and ends it.
     */
    public void start(OutputStream setupOut, LiveOutput live) {
        this.out = setupOut;
        this.liveOut = live;
        try {
            live.watch(() -> leave(Subscriber.CloseReason.CLIENT_GONE)); // also while waiting for a setup slot
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, () -> "stream ended before its setup: " + e);
            end();
            return;
        }
        setUp();
    }

    private void setUp() {
        boolean live = false;
        try {
            slot = hub.startSetup();
            try {
                if (!attach() || TokenExpiry.ended(subscriber, hub)) {
                    return;
                }
                FrameBuffer frames = outbox.frames();
                if (!retrySent) {
                    frames.write(SseFrame.retry(settings.retry().toMillis()));
                }
                // Read once for both (after subscribing: what comes later arrives live).
                EventLog.Position at = hub.position();
                frames.write(SseFrame.hello(subscriber, hub.log().instanceId(), at.latestId(), settings.heartbeat()));
                if (lastEventId != null) {
                    outbox.sentUpTo(Replay.into(hub, subscriber, lastEventId, at, frames, () -> {
                        slot.run(); // before the write, see below
                        if (TokenExpiry.ended(subscriber, hub)) { // a long replay outlived the token
                            throw new IOException("token expired during the replay");
                        }
                        SseFrame.writeAndFlush(frames, out); // keeps the buffer: the replay goes on filling it
                    }));
                }
            } finally {
                // Freed before any write: a client that never reads would otherwise block the write
                // and hold the slot, and every new stream would wait behind it.
                slot.run();
            }
            // Replayed events count as received at once (receipts for them must not wait for a live batch),
            // and before the write (see Subscriber.delivered).
            subscriber.delivered(outbox.sent());
            outbox.writeTo(out);
            hub.heartbeatEvery(settings.heartbeat());
            if (liveOut != null) {
                liveOut.live(this::drain);
                subscriber.queue().start(liveOut::schedule);
            } else {
                Runnable write = new BlockingWriter(hub, subscriber, outbox, out, this::end);
                subscriber.queue().start(() -> Thread.startVirtualThread(write));
            }
            live = true;
        } catch (InterruptedException e) {
            // Shutting down before a slot came.
        } catch (EventLogException e) {
            // The replay could not be read (Redis down): say why before closing; browsers retry after retry:.
            LOG.log(Level.FINE, () -> "stream ended in setup: " + e);
            SseFrame.tellStoreUnavailable(out, retrySent ? null : settings.retry());
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

    /*
     * The writer on a LiveOutput: runs on the output's writer thread, one at a time (the queue hands
     * over), until the queue is empty, the stream is over, or the socket is full (then the output runs
     * it again once the socket drains; meanwhile events wait in the queue, which drops the client when
     * full). No coalescing interval here: under load, events that arrive while a stream waits for its
     * writer thread go out in that stream's next write anyway.
     */
    private void drain() {
        EventQueue queue = subscriber.queue();
        try {
            if (!liveOut.flushPending()) {
                return;
            }
            while (true) {
                EventQueue.Next next = outbox.take(queue);
                if (next == EventQueue.Next.IDLE) {
                    return;
                }
                if (next == EventQueue.Next.CLOSED) {
                    end();
                    return;
                }
                outbox.frameTaken();
                subscriber.delivered(outbox.sent()); // before the write: see Subscriber.delivered
                boolean all = outbox.writeTo(liveOut);
                if (!all) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, () -> "stream " + subscriber.id() + " ended: " + e);
            hub.unsubscribe(subscriber, Subscriber.CloseReason.CLIENT_GONE);
            end();
        }
    }

    // The writer is done with out for good: lets run() return (it ends the response).
    private void end() {
        ended.countDown();
        if (watch != null) {
            watch.release();
        }
        if (liveOut != null) {
            liveOut.end();
        }
    }

    private static void close(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // The client is gone already; nothing to tell anyone.
        }
    }
}
