package dev.herald.events;

import dev.herald.hub.LiveOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An SSE connection Herald took over from Helidon once the response head was out
 * ({@link DisconnectWatcher#detach}): the stream's setup (hello, replay) writes the chunked body
 * with blocking writes on its setup thread, then the stream goes live ({@link LiveOutput}) and the
 * connection is written without blocking by its {@link StreamPump} writer thread; the pump's selector
 * notices the client leaving. No thread waits per stream.
 *
 * <p>Why: while Helidon owns a connection, the request's virtual thread must stay parked inside
 * Helidon's connection handling for the stream's whole life (8 KB of stack, Helidon's request and
 * connection objects: ~19 KB per idle stream); a thread of our own per stream still cost a stack
 * chunk and a wake-up per event and heartbeat (docs/performance.md, seventh and eighth sessions).
 */
final class DetachedConnection implements LiveOutput {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    // Each writer thread assembles chunks in one direct buffer (no copy inside the JDK's write, no garbage per write).
    private static final int CHUNK_BUFFER = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> CHUNKS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK_BUFFER));

    private final SocketChannel channel;
    private final StreamPump pump;
    private final int writer;
    private final OutputStream output = new ChunkedOutput();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Runnable> onClose = new AtomicReference<>(() -> { });
    private volatile SelectionKey key;
    private Runnable drain;
    private Runnable gone;
    // What the socket did not take yet; only the stream's drain (one at a time) touches it.
    private ByteBuffer pending;

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

    /** The response body during the stream's setup, chunked like Helidon's, with blocking writes. */
    OutputStream output() {
        return output;
    }

    @Override
    public void start(Runnable drain, Runnable gone) throws IOException {
        this.drain = drain;
        this.gone = gone;
        channel.configureBlocking(false);
        key = pump.register(channel, this);
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
        byte[] size = Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII);
        int total = size.length + len + 4;
        ByteBuffer chunk = total <= CHUNK_BUFFER ? CHUNKS.get().clear() : ByteBuffer.allocate(total);
        chunk.put(size).put(CRLF).put(b, off, len).put(CRLF).flip();
        channel.write(chunk);
        if (!chunk.hasRemaining()) {
            return true;
        }
        pending = ByteBuffer.allocate(chunk.remaining()).put(chunk).flip(); // the thread's buffer is reused
        waitForRoom();
        return false;
    }

    @Override
    public boolean flushPending() throws IOException {
        ByteBuffer p = pending;
        if (p == null) {
            return true;
        }
        channel.write(p);
        if (p.hasRemaining()) {
            waitForRoom();
            return false;
        }
        pending = null;
        return true;
    }

    @Override
    public void end() {
        try {
            if (channel.isBlocking()) {
                channel.configureBlocking(false); // ended in setup: the last chunk must not block either
            }
            if (pending == null) {
                channel.write(ByteBuffer.wrap(LAST_CHUNK)); // 5 bytes: they fit unless the client stopped reading
            }
        } catch (IOException | RuntimeException e) {
            // The client left first.
        } finally {
            closeChannel();
        }
    }

    /** Selector thread: the client sent something or left. */
    void readable(ByteBuffer discard) {
        try {
            int n;
            do {
                n = channel.read(discard.clear()); // an SSE client sends nothing after its GET: discard
            } while (n > 0);
            if (n == 0) {
                return;
            }
        } catch (IOException e) {
            // Reset by peer: gone as well.
        }
        Runnable g = gone;
        if (g != null) {
            g.run();
        }
        // Like a stream on Helidon's thread, the response ends with its last chunk: to a client that closed,
        // that answers with a reset, which frees the client's socket at once instead of leaving it in
        // TIME_WAIT (a load generator reconnecting 10,000 streams from one host ran out of ports otherwise).
        end();
    }

    // The socket is full: the selector schedules the drain once it can take bytes again.
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
        runOnClose();
    }

    private void runOnClose() {
        Runnable action = onClose.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    // One chunk per write call (setup writes each batch with one call), then blocking channel writes.
    private final class ChunkedOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return; // an empty chunk would be the last one
            }
            byte[] size = Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer chunk = ByteBuffer.allocate(size.length + len + 4);
            chunk.put(size).put(CRLF).put(b, off, len).put(CRLF).flip();
            while (chunk.hasRemaining()) {
                channel.write(chunk); // blocking until the stream goes live: parks the setup thread while the client is slow
            }
        }
    }
}
