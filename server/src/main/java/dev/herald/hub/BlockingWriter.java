package dev.herald.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The writer of a stream that stays on Helidon's connection ({@code herald.events.detach=false},
 * TLS, HTTP/2): blocking writes on a short-lived virtual thread per wakeup, until the queue is empty
 * or closed. One instance per stream, reused by every wakeup (the queue runs one at a time).
 */
final class BlockingWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(BlockingWriter.class.getName());
    // Under load a stream writes at most once per this interval: events arriving closer together
    // than this go out in one write (one syscall and one wakeup for many events). At the usual
    // rates (tens of events per second) it never applies and adds no latency.
    private static final long COALESCE_NANOS = Duration.ofMillis(5).toNanos();

    private final Hub hub;
    private final Subscriber subscriber;
    private final Outbox outbox;
    private final OutputStream out;
    private final Runnable end;
    private long lastWrite = System.nanoTime() - COALESCE_NANOS;

    /** @param end the stream is over: lets the connection's thread end the response */
    BlockingWriter(Hub hub, Subscriber subscriber, Outbox outbox, OutputStream out, Runnable end) {
        this.hub = hub;
        this.subscriber = subscriber;
        this.outbox = outbox;
        this.out = out;
        this.end = end;
    }

    @Override
    public void run() {
        EventQueue queue = subscriber.queue();
        try {
            while (true) {
                EventQueue.Next next = outbox.take(queue);
                if (next == EventQueue.Next.IDLE) {
                    return;
                }
                if (next == EventQueue.Next.CLOSED || !coalesce()) {
                    end.run();
                    return;
                }
                outbox.frameTaken();
                subscriber.delivered(outbox.sent()); // before the write: see Subscriber.delivered
                outbox.writeTo(out);
                lastWrite = System.nanoTime();
            }
        } catch (InterruptedException e) {
            hub.unsubscribe(subscriber, Subscriber.CloseReason.SHUTDOWN);
            end.run();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a gone client as ServerConnectionException or UncheckedIOException.
            LOG.log(Level.FINE, () -> "stream " + subscriber.id() + " ended: " + e);
            hub.unsubscribe(subscriber, Subscriber.CloseReason.CLIENT_GONE);
            end.run();
        }
    }

    // Events right after a write: wait out the rest of the coalescing interval, then take what came.
    private boolean coalesce() throws InterruptedException {
        long wait = COALESCE_NANOS - (System.nanoTime() - lastWrite);
        if (!outbox.tookEvents() || wait <= 0) {
            return true;
        }
        Thread.sleep(Duration.ofNanos(wait));
        return outbox.takeMore(subscriber.queue());
    }
}
