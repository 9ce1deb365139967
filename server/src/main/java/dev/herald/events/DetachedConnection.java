package dev.herald.events;

import dev.herald.hub.ClientWatch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An SSE connection Herald took over from Helidon once the response head was out
 * ({@link DisconnectWatcher#detach}): the rest of the chunked body is written straight to the
 * socket channel, and the client's leaving is noticed by a blocking read on it.
 *
 * <p>Why: while Helidon owns a connection, the request's virtual thread must stay parked inside
 * Helidon's connection handling for the stream's whole life (8 KB of stack, Helidon's request and
 * connection objects: ~19 KB per idle stream). Detached, Helidon's thread ends at once and a stream
 * keeps a channel and one thread parked a few frames deep (docs/performance.md, seventh session).
 */
final class DetachedConnection implements ClientWatch {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final Set<DetachedConnection> open;
    private final OutputStream output = new ChunkedOutput();

    DetachedConnection(SocketChannel channel, Set<DetachedConnection> open) {
        this.channel = channel;
        this.open = open;
        open.add(this);
    }

    /** The connections taken over and not closed yet: Helidon's stop no longer sees them. */
    static Set<DetachedConnection> registry() {
        return ConcurrentHashMap.newKeySet();
    }

    /** The response body from here on, chunked like Helidon's; closing it ends the connection. */
    OutputStream output() {
        return output;
    }

    /** Blocks reading until the client closes the connection or {@link #release} shuts the input. */
    @Override
    public void awaitGone() {
        ByteBuffer ignored = ByteBuffer.allocate(16); // an SSE client sends nothing after its GET
        try {
            while (channel.read(ignored.clear()) >= 0) {
                // Bytes from a client on an SSE stream are odd but harmless: keep waiting.
            }
        } catch (IOException e) {
            // Reset by peer, or closed by us (shutdown): either way the stream is over.
        }
    }

    @Override
    public void release() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // Closed already: awaitGone has returned.
        }
    }

    /** Ends the connection after {@code grace} unless it ended by then (a writer stuck on a client that stopped reading). */
    void abortUnlessClosedWithin(Duration grace) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                return;
            }
            if (channel.isOpen()) {
                closeChannel(); // the stuck write fails, the stream ends and releases its slot
            }
        });
    }

    /** Ends the connection now (after the last chunk, or cut: server stop, a stuck stream); the stream notices on its next read or write. */
    void closeChannel() {
        open.remove(this);
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to tell the client.
        }
    }

    // One chunk per write call (the stream writes each batch with one call), then one channel write.
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
            writeFully(chunk);
        }

        @Override
        public void close() {
            try {
                writeFully(ByteBuffer.wrap(LAST_CHUNK));
            } catch (IOException | UncheckedIOException e) {
                // The client left first.
            } finally {
                closeChannel();
            }
        }

        private void writeFully(ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) {
                channel.write(buf); // blocking channel: parks this virtual thread while the client is slow
            }
        }
    }
}
