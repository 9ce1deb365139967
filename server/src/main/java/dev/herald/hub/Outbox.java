package dev.herald.hub;

import dev.herald.store.StoredEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;

/**
 * A stream's outgoing side: the frames of its next write, the events its writer took from the queue,
 * and the id of the last event framed, so that an event both replayed and queued live goes out once.
 * Used by one thread at a time (the setup thread, then one writer at a time: the queue hands over).
 */
final class Outbox {
    // A buffer that grew past this (a replay page, a burst) is dropped after use, not kept by an idle stream.
    private static final int KEEP_BUFFER = 4096;

    private final Hub hub;
    private FrameBuffer buf = new FrameBuffer();
    private final ArrayList<StoredEvent> batch = new ArrayList<>();
    private long sent;
    private byte[] heartbeat = SseFrame.HEARTBEAT;

    Outbox(Hub hub) {
        this.hub = hub;
    }

    /** Heartbeats go out as events the client hears ({@link SseFrame#HEARTBEAT_EVENT}), not as comments. */
    void heartbeatAsEvent() {
        heartbeat = SseFrame.HEARTBEAT_EVENT;
    }

    /** The frames collected for the next write (the setup adds the retry hint, hello and replay here). */
    FrameBuffer frames() {
        return buf;
    }

    long sent() {
        return sent;
    }

    /** The replay wrote everything up to {@code id}: live events up to it are skipped. */
    void sentUpTo(long id) {
        sent = id;
    }

    /** The writer takes what its queue holds (nothing: a heartbeat is due). */
    EventQueue.Next take(EventQueue queue) {
        batch.clear();
        return queue.next(batch);
    }

    /** For coalescing: whether the writer took events (not only a heartbeat). */
    boolean tookEvents() {
        return !batch.isEmpty();
    }

    /** For coalescing: adds what arrived since; false once the queue closed. */
    boolean takeMore(EventQueue queue) {
        return queue.poll(batch);
    }

    /** Frames what the writer took: new events once each (the replay may have sent some), or a heartbeat. */
    void frameTaken() {
        if (batch.isEmpty()) {
            buf.writeBytes(heartbeat);
            return;
        }
        int n = 0;
        for (StoredEvent e : batch) {
            if (e.id() > sent) {
                buf.writeBytes(e.frame());
                sent = e.id();
                hub.countDelivered(e);
                n++;
            }
        }
        hub.countDelivered(n);
    }

    /** Writes and flushes the frames on a blocking stream. */
    void writeTo(OutputStream out) throws IOException {
        int size = buf.size();
        SseFrame.writeAndFlush(buf, out);
        trim(size);
    }

    /** Hands the frames to a non-blocking output; false when part of them waits there for room. */
    boolean writeTo(LiveOutput live) throws IOException {
        boolean all = buf.writeTo(live);
        int size = buf.size();
        buf.reset();
        trim(size);
        return all;
    }

    private void trim(int size) {
        if (size > KEEP_BUFFER) {
            buf = new FrameBuffer();
            batch.clear();
            batch.trimToSize();
        }
    }
}
