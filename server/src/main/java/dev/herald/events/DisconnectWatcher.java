package dev.herald.events;

import dev.herald.hub.ClientWatch;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices within milliseconds that an SSE client closed its connection, instead of at the second
 * heartbeat write after it left (Helidon has no public close listener).
 *
 * <p>How: an SSE client never sends anything after its GET, so the stream's own (virtual) thread
 * blocks reading the request's socket; the read returns null (EOF) or fails when the client goes.
 * The socket is only reachable through Helidon's private {@code ConnectionContext} field, and the
 * JDK socket under it through {@code PlainSocket}'s private {@code Socket} field (for
 * {@link #release}), both taken by reflection: internal API, verified on Helidon 4.5.0 HTTP/1.1.
 * When either is not found, {@link #of} returns null and the heartbeat remains the (slower) way
 * gone clients are found. When the stream ends the
 * connection is closed ({@link #closeConnection}; Helidon 4.5 keeps it alive despite
 * {@code Connection: close}), so this reader can never steal the bytes of a next request.
 */
final class DisconnectWatcher implements ClientWatch {
    private static final Logger LOG = Logger.getLogger(DisconnectWatcher.class.getName());

    private final HelidonSocket socket;
    private final Socket raw;

    private DisconnectWatcher(HelidonSocket socket, Socket raw) {
        this.socket = socket;
        this.raw = raw;
    }

    /** The watcher of this request's connection; null when the socket is not reachable. */
    static DisconnectWatcher of(ServerRequest req) {
        HelidonSocket socket = socketOf(req);
        Socket raw = socket == null ? null : field(socket, Socket.class);
        if (raw == null) {
            return null;
        }
        shrinkReadBuffer(socket);
        return new DisconnectWatcher(socket, raw);
    }

    /**
     * Swaps Helidon's per-connection 8 KB read buffer ({@code PlainSocket.readBuffer}, a final field)
     * for a 16-byte one. Only {@link #awaitGone} reads the socket from here on and an SSE client
     * sends nothing after its GET, so 16 bytes do the same job: ~8 KB less per idle stream, about a
     * third of what one costs (docs/performance.md). Reads stay correct with any buffer size, and the
     * connection is closed when the stream ends. Setting a final field by reflection works up to JDK 25;
     * newer JDKs warn or refuse it, and then the buffer simply stays.
     *
     * @return whether the buffer was swapped
     */
    static boolean shrinkReadBuffer(HelidonSocket socket) {
        Optional<Field> f = READ_BUFFER.get(socket.getClass());
        try {
            if (f.isPresent()) {
                f.get().set(socket, new byte[SMALL_READ_BUFFER]);
                return true;
            }
        } catch (RuntimeException | IllegalAccessException e) {
            LOG.log(Level.FINE, "read buffer not swapped", e);
        }
        return false;
    }

    private static final int SMALL_READ_BUFFER = 16;
    private static final ClassValue<Optional<Field>> READ_BUFFER = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            return find(type, f -> f.getName().equals("readBuffer") && f.getType() == byte[].class
                    && !Modifier.isStatic(f.getModifiers()));
        }
    };

    /**
     * Takes the connection away from Helidon: writes {@code first} through Helidon's response (so the
     * status line, the filters' headers and the first chunk go out as usual), then points Helidon's
     * {@code PlainSocket} at a dummy socket, input and output ({@code final} fields, by reflection),
     * so that what Helidon does once the handler returns (last chunk, close) touches nothing real,
     * and the stream goes on over the JDK channel. Checked before anything is written: only a plain
     * (not TLS) socket with a channel, and only when every field can be set; otherwise null and
     * nothing was written (the stream stays on Helidon's thread, as before).
     *
     * @return the taken-over connection, registered with {@code pump}; null when it cannot be taken
     */
    DetachedConnection detach(OutputStream helidonOut, byte[] first, StreamPump pump) throws IOException {
        SocketChannel channel = raw.getChannel();
        Optional<Detach> found = DETACH.get(socket.getClass());
        if (channel == null || found.isEmpty()) {
            return null;
        }
        Detach d = found.get();
        Object quietIn;
        try {
            d.delegate.set(socket, raw); // the same value: fails here, not later, if this JDK refuses
            quietIn = d.quietInput.newInstance(new QuietSocket(), InputStream.nullInputStream(), "detached", "detached");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "connection not detached", e);
            return null;
        }
        helidonOut.write(first);
        helidonOut.flush();
        try {
            d.output.set(socket, OutputStream.nullOutputStream());
            d.input.set(socket, quietIn);
            d.delegate.set(socket, new QuietSocket());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Half swapped: neither side can use the connection any more.
            raw.close();
            throw new IOException("detaching the connection failed", e);
        }
        return new DetachedConnection(channel, pump);
    }

    private record Detach(Field delegate, Field input, Field output, Constructor<?> quietInput) {
    }

    /**
     * What Helidon's socket points at once the connection is taken over. Helidon closes it with
     * {@code shutdownOutput()}, which on an unconnected {@code Socket} throws (and Helidon wraps that):
     * two stack traces of a deep virtual-thread stack per stream, for nothing.
     */
    private static final class QuietSocket extends Socket {
        @Override
        public void shutdownOutput() {
        }

        @Override
        public void shutdownInput() {
        }
    }

    /**
     * Ends Helidon's handling of a connection that was taken over (thrown by the handler). Without a
     * stack trace: one is thrown per stream, 10,000 in a reconnect storm, and nobody reads it
     * (Helidon logs it at TRACE).
     */
    static CloseConnectionException takenOver() {
        return new CloseConnectionException("stream taken over from Helidon") {
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
    }

    // PlainSocket's socket, input and output fields and IdleInputStream's constructor, found once.
    private static final ClassValue<Optional<Detach>> DETACH = new ClassValue<>() {
        @Override
        protected Optional<Detach> computeValue(Class<?> type) {
            if (!type.getName().equals("io.helidon.common.socket.PlainSocket")) {
                return Optional.empty(); // TlsSocket: the bytes on the socket are encrypted
            }
            Optional<Field> delegate = find(type, f -> f.getName().equals("delegate") && f.getType() == Socket.class);
            Optional<Field> input = find(type, f -> f.getName().equals("inputStream"));
            Optional<Field> output = find(type, f -> f.getName().equals("outputStream") && f.getType() == OutputStream.class);
            if (delegate.isEmpty() || input.isEmpty() || output.isEmpty()) {
                return Optional.empty();
            }
            try {
                Constructor<?> c = input.get().getType()
                        .getDeclaredConstructor(Socket.class, InputStream.class, String.class, String.class);
                c.setAccessible(true);
                return Optional.of(new Detach(delegate.get(), input.get(), output.get(), c));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "connections will not be detached", e);
                return Optional.empty();
            }
        }
    };

    /** Blocks reading the socket until the client closes it or {@link #release} shuts its input down. */
    @Override
    public void awaitGone() {
        try {
            while (socket.get() != null) {
                // A client that sends bytes on an SSE stream is odd but harmless: keep waiting.
            }
        } catch (RuntimeException e) {
            // Reset by peer or closed by us: either way the stream is over.
        }
    }

    /**
     * Wakes {@link #awaitGone} by shutting down the socket's input only: Helidon can still write the
     * response's last chunk once the handler returns (the JDK wakes a virtual thread blocked reading).
     */
    @Override
    public void release() {
        try {
            raw.shutdownInput();
        } catch (IOException e) {
            // Already closed: awaitGone has returned or is about to.
        }
    }

    /** Ends the TCP connection after the stream's last chunk was written. */
    void closeConnection() {
        try {
            socket.close();
        } catch (RuntimeException e) {
            // already closed by the client
        }
    }

    // A private field of the given type, looked up once per class and type (not on every connect).
    private static final ClassValue<Map<Class<?>, Optional<Field>>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<Class<?>, Optional<Field>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private static <T> T field(Object owner, Class<T> type) {
        Optional<Field> f = FIELDS.get(owner.getClass())
                .computeIfAbsent(type, t -> find(owner.getClass(), field -> t.isAssignableFrom(field.getType())));
        try {
            return f.isEmpty() ? null : type.cast(f.get().get(owner));
        } catch (RuntimeException | IllegalAccessException e) {
            LOG.log(Level.FINE, "no socket access; relying on heartbeats", e);
            return null;
        }
    }

    // The first field of owner or its superclasses that matches, made accessible.
    private static Optional<Field> find(Class<?> owner, Predicate<Field> match) {
        for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (match.test(f)) {
                    try {
                        f.setAccessible(true);
                        return Optional.of(f);
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "no access to " + f + "; relying on heartbeats", e);
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static HelidonSocket socketOf(ServerRequest req) {
        ConnectionContext ctx = field(req, ConnectionContext.class);
        return ctx == null ? null : ctx.serverSocket();
    }
}
