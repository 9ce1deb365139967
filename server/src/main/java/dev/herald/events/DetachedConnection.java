package dev.herald.events;

import dev.herald.hub.LiveOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An SSE connection Herald took over from Helidon once the response head was out
 * ({@link DisconnectWatcher#detach}). From the start of the stream's setup the channel is
 * non-blocking and watched by its {@link StreamPump}'s selector (the client leaving, room to write
 * again); the setup (hello, replay) writes from its short-lived thread, parking while the socket is
 * full; once live, every write (events, heartbeats, the last chunk) runs on the stream's one writer
 * thread. No thread waits per stream.
 *
 * <p>Why: while Helidon owns a connection, the request's virtual thread must stay parked inside
 * Helidon's connection handling for the stream's whole life (8 KB of stack, Helidon's request and
 * connection objects: ~19 KB per idle stream); a thread of our own per stream still cost a stack
 * chunk and a wake-up per event and heartbeat (docs/performance.md, seventh and eighth sessions).
 */
final class DetachedConnection implements LiveOutput {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    // Each writer thread writes through one direct buffer: no copy into the JDK's own temporary direct
    // buffers, which it would keep per thread at the largest size ever written.
    private static final int DIRECT = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> WRITER_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DIRECT));
    // An SSE client sends nothing after its GET; one that keeps sending is cut rather than read forever.
    private static final long MAX_RECEIVED = 64 * 1024;

    private final SocketChannel channel;
    private final StreamPump pump;
    private final int writer;
    private final OutputStream output = new SetupOutput();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Runnable> onClose = new AtomicReference<>(() -> { });
    private volatile SelectionKey key;
    private volatile Runnable gone;
    private volatile Runnable drain;
    // The setup thread while it waits for room in the socket; the selector wakes it.
    private volatile Thread setupWaiter;
    // What the socket did not take yet; only the stream's writer thread touches it once live.
    private ByteBuffer pending;
    private long received; // selector thread only

    DetachedConnection(SocketChannel channel, StreamPump pump) {
        this.channel = channel;
        this.pump = pump;
        this.writer = pump.writerFor();
        pump.open().add(this);
    }

    /** Runs once when the connection closes, however it ends (the stream's connection slot). */
    void onClose(Runnable action) {
        onClose.set(action);
        if (closed.get()) {
            runOnClose(); // closed before this was set: whichever side takes the action runs it
        }
    }

    /** The response body during the stream's setup, chunked like Helidon's; waits while the socket is full. */
    OutputStream output() {
        return output;
    }

    @Override
    public void watch(Runnable gone) throws IOException {
        this.gone = gone;
        channel.configureBlocking(false);
        key = pump.register(channel, this);
    }

    @Override
    public void live(Runnable drain) {
        this.drain = drain;
    }

    @Override
    public void schedule() {
        pump.schedule(writer, drain);
    }

    @Override
    public boolean write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return true; // an empty chunk would be the last one
        }
        int total = chunkLength(len);
        if (total > DIRECT) {
            pending = chunk(ByteBuffer.allocate(total), b, off, len);
            return flushPending();
        }
        ByteBuffer chunk = chunk(WRITER_BUFFER.get().clear(), b, off, len);
        channel.write(chunk);
        if (!chunk.hasRemaining()) {
            return true;
        }
        pending = ByteBuffer.allocate(chunk.remaining()).put(chunk).flip(); // the thread's buffer is reused
        waitForRoom(); // the socket just refused bytes: no second try until the selector says it has room
        return false;
    }

    // An HTTP/1.1 chunk's length for len bytes of data: hex size, CRLF, data, CRLF.
    private static int chunkLength(int len) {
        return Integer.toHexString(len).length() + len + 4;
    }

    // Puts one chunk into {@code into} (at least chunkLength(len) bytes free) and flips it for writing.
    private static ByteBuffer chunk(ByteBuffer into, byte[] b, int off, int len) {
        return into.put(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII)).put(CRLF).put(b, off, len).put(CRLF).flip();
    }

    @Override
    public boolean flushPending() throws IOException {
        ByteBuffer p = pending;
        if (p == null) {
            return true;
        }
        writeThroughDirect(p);
        if (p.hasRemaining()) {
            waitForRoom();
            return false;
        }
        pending = null;
        return true;
    }

    /** Ends the response with its last chunk and closes, on the stream's writer thread (never beside a drain's write). */
    @Override
    public void end() {
        pump.schedule(writer, this::finish);
        if (pump.stopped()) {
            // The writers are gone (a stream taken over while the server stops): no last chunk, but the
            // connection, its slot and its log line must still end. A no-op if the writer got to it.
            closeChannel();
        }
    }

    private void finish() {
        if (closed.get()) {
            return;
        }
        try {
            if (pending == null) {
                // 5 bytes: they fit unless the client stopped reading. To a client that closed, they are
                // answered with a reset, which frees its socket at once instead of leaving it in TIME_WAIT
                // (a load generator reconnecting 10,000 streams from one host ran out of ports otherwise).
                writeThroughDirect(ByteBuffer.wrap(LAST_CHUNK));
            }
        } catch (IOException | RuntimeException e) {
            // The client left first.
        } finally {
            closeChannel();
        }
    }

    /** Selector thread: the client sent something or left. One read per readiness, so no client holds the thread. */
    void readable(ByteBuffer discard) {
        try {
            int n = channel.read(discard.clear());
            if (n >= 0 && (received += n) <= MAX_RECEIVED) {
                return;
            }
        } catch (IOException e) {
            // Reset by peer: gone as well.
        }
        Runnable g = gone;
        if (g != null) {
            g.run();
        }
        end();
    }

    /** Selector thread: the socket takes bytes again. */
    void writable() {
        Thread waiting = setupWaiter;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        } else if (drain != null) {
            schedule();
        }
    }

    // Writes what the socket takes now, 16 KB at a time through this thread's direct buffer.
    private void writeThroughDirect(ByteBuffer heap) throws IOException {
        ByteBuffer direct = WRITER_BUFFER.get();
        while (heap.hasRemaining()) {
            int n = Math.min(heap.remaining(), DIRECT);
            direct.clear().put(0, heap, heap.position(), n).limit(n);
            int written = channel.write(direct);
            heap.position(heap.position() + written);
            if (written < n) {
                return;
            }
        }
    }

    // The socket is full: the selector reports when it can take bytes again.
    private void waitForRoom() {
        try {
            pump.waitForRoom(key);
        } catch (CancelledKeyException e) {
            // Closed meanwhile (the client left, or a cut): nothing more will be written.
        }
    }

    /** Ends the connection after {@code grace} unless it ended by then (a client that stopped reading). */
    void abortUnlessClosedWithin(Duration grace) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                return;
            }
            closeChannel(); // a no-op when it ended already
        });
    }

    /** Ends the connection now (after the last chunk, or cut: server stop, a stuck stream); runs {@link #onClose} once. */
    void closeChannel() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pump.open().remove(this);
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to tell the client.
        }
        pump.wakeup(); // a registered channel's socket is closed when the selector drops its key
        Thread waiting = setupWaiter;
        if (waiting != null) {
            LockSupport.unpark(waiting); // its next write fails: the setup ends
        }
        runOnClose();
    }

    private void runOnClose() {
        Runnable action = onClose.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    // The setup's writes: one chunk per write call; parks the setup thread while the socket is full.
    private final class SetupOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return; // an empty chunk would be the last one
            }
            ByteBuffer chunk = chunk(ByteBuffer.allocate(chunkLength(len)), b, off, len);
            while (true) {
                channel.write(chunk);
                if (!chunk.hasRemaining()) {
                    return;
                }
                awaitRoom();
            }
        }

        private void awaitRoom() throws IOException {
            setupWaiter = Thread.currentThread();
            try {
                if (closed.get()) {
                    throw new ClosedChannelException(); // closeChannel saw no waiter: it will not wake us
                }
                pump.waitForRoom(key);
                LockSupport.park(this);
            } catch (CancelledKeyException e) {
                throw new ClosedChannelException();
            } finally {
                setupWaiter = null;
            }
        }
    }
}
