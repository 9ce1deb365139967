package dev.herald.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads of every stream taken over from Helidon ({@link DetachedConnection}): one selector
 * thread that notices clients leaving (a read of end-of-stream) and sockets that can take bytes
 * again, and one writer thread per core that runs the drains of streams with work. No stream has a
 * thread of its own; a stream is always drained by the same writer thread.
 *
 * <p>Why platform threads: the writers run for every delivery and heartbeat; a virtual thread per
 * write (as before) was a thread start, a park and a stack chunk each time (docs/performance.md,
 * eighth session). A stream's bytes go out with non-blocking writes, so a slow client never holds
 * a writer: what its socket does not take waits until the selector says it can.
 */
final class StreamPump implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamPump.class.getName());

    private final Selector selector;
    private final Thread selectorThread;
    private final Writer[] writers;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<DetachedConnection> open = ConcurrentHashMap.newKeySet();
    private final LongAdder waits = new LongAdder();
    private final ByteBuffer discard = ByteBuffer.allocateDirect(4096); // selector thread only
    private volatile boolean stopped;
    /**
     * A writer woken again within this long of its last wake-up waits out the rest first, so that under
     * a stream of publishes each stream's events go out in fewer, larger writes (a write's syscall costs
     * about as much as the rest of a delivery). At sporadic rates it never waits (herald.events.linger).
     */
    private final long lingerNanos;

    StreamPump(int writerThreads) {
        this(writerThreads, 0);
    }

    StreamPump(int writerThreads, long lingerNanos) {
        this.lingerNanos = lingerNanos;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the streams", e);
        }
        writers = new Writer[writerThreads];
        for (int i = 0; i < writerThreads; i++) {
            writers[i] = new Writer();
            writers[i].thread = Thread.ofPlatform().name("herald-stream-writer-" + i).daemon().start(writers[i]);
        }
        selectorThread = Thread.ofPlatform().name("herald-stream-selector").daemon().start(this::select);
    }

    /** The connections taken over and not closed yet (Helidon's stop does not see them). */
    Set<DetachedConnection> open() {
        return open;
    }

    /** The writer thread for a new connection (round robin). */
    int writerFor() {
        return Math.floorMod(next.getAndIncrement(), writers.length);
    }

    /** Watches a live connection for its client leaving. */
    SelectionKey register(SocketChannel channel, DetachedConnection c) throws IOException {
        // Registering does not wait for a select in progress (JDK 11+); the wakeup makes it poll the new key.
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, c);
        selector.wakeup();
        return key;
    }

    /** A socket was full: the selector runs the stream's drain again once it can take bytes. */
    void waitForRoom(SelectionKey key) {
        waits.increment();
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        selector.wakeup();
    }

    long waits() {
        return waits.sum();
    }

    /** After {@link #close}: scheduled drains may never run. */
    boolean stopped() {
        return stopped;
    }

    /** Runs {@code drain} on writer {@code writer}. */
    void schedule(int writer, Runnable drain) {
        writers[writer].add(drain);
    }

    /** Selection changes (a write interest, a closed channel) take effect at the selector's next round. */
    void wakeup() {
        selector.wakeup();
    }

    private void select() {
        try {
            while (!stopped) {
                selector.select(this::ready);
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.SEVERE, "stream selector failed: clients leaving are no longer noticed", e);
            }
        } finally {
            try {
                selector.close(); // closes the file descriptors of channels closed but still registered
            } catch (IOException e) {
                // Stopping anyway.
            }
        }
    }

    private void ready(SelectionKey key) {
        DetachedConnection c = (DetachedConnection) key.attachment();
        try {
            if (key.isWritable()) {
                key.interestOps(SelectionKey.OP_READ);
                c.writable();
            }
            if (key.isReadable()) {
                c.readable(discard);
            }
        } catch (CancelledKeyException e) {
            // Closed meanwhile.
        } catch (RuntimeException e) {
            // One stream's failure (a listener of the hub, say) must not stop the thread that watches them all.
            LOG.log(Level.WARNING, "stream watch failed; closing that connection", e);
            c.closeChannel();
        }
    }

    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
        for (Writer w : writers) {
            LockSupport.unpark(w.thread);
        }
    }

    // One writer thread: runs the drains handed to it, in order, and sleeps when there are none.
    private final class Writer implements Runnable {
        private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
        private volatile boolean sleeping;
        private Thread thread;
        private long wokeAt;

        void add(Runnable drain) {
            ready.add(drain);
            if (sleeping) { // volatile write/read pairs with run(): either it sees the drain or we see it sleep
                LockSupport.unpark(thread);
            }
        }

        // Waits out the rest of the linger since the last wake-up (add() does not unpark while we are awake).
        private void linger() {
            long now = System.nanoTime();
            long left = lingerNanos - (now - wokeAt);
            while (left > 0 && !stopped) {
                LockSupport.parkNanos(this, left);
                left = lingerNanos - (System.nanoTime() - wokeAt);
            }
            wokeAt = System.nanoTime();
        }

        @Override
        public void run() {
            while (!stopped) {
                Runnable drain = ready.poll();
                if (drain == null) {
                    sleeping = true;
                    if (ready.isEmpty() && !stopped) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    linger();
                    continue;
                }
                try {
                    drain.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "stream writer: a drain failed", e);
                }
            }
        }
    }
}
