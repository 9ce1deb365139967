package dev.herald.events;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;

import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices within milliseconds that an SSE client closed its connection, instead of at the second
 * heartbeat write after it left (Helidon has no public close listener).
 *
 * <p>How: an SSE client never sends anything after its GET, so a virtual thread blocks reading the
 * request's socket; the read returns null (EOF) or fails when the client goes. The socket is only
 * reachable through Helidon's private {@code ConnectionContext} field, taken by reflection: internal
 * API, verified on Helidon 4.5.0 HTTP/1.1. When it is not found, {@link #watch} returns false and
 * the heartbeat remains the (slower) way gone clients are found. When the stream ends the
 * connection is closed ({@link #closeConnection}; Helidon 4.5 keeps it alive despite
 * {@code Connection: close}), so this reader can never steal the bytes of a next request.
 */
final class DisconnectWatcher {
    private static final Logger LOG = Logger.getLogger(DisconnectWatcher.class.getName());

    private final HelidonSocket socket;

    private DisconnectWatcher(HelidonSocket socket) {
        this.socket = socket;
    }

    /** Starts watching; runs onClose once the client is gone. Null when the socket is not reachable. */
    static DisconnectWatcher watch(ServerRequest req, Runnable onClose) {
        HelidonSocket socket = socketOf(req);
        if (socket == null) {
            return null;
        }
        Thread.ofVirtual().name("herald-sse-watch").start(() -> {
            try {
                while (socket.get() != null) {
                    // A client that sends bytes on an SSE stream is odd but harmless: keep waiting.
                }
            } catch (RuntimeException e) {
                // Reset by peer or closed by us: either way the stream is over.
            }
            onClose.run();
        });
        return new DisconnectWatcher(socket);
    }

    /** Ends the TCP connection after the stream's last chunk was written. */
    void closeConnection() {
        try {
            socket.close();
        } catch (RuntimeException e) {
            // already closed by the client
        }
    }

    // The request class's ConnectionContext field, looked up once per class (not on every connect).
    private static final ClassValue<Field> CONTEXT_FIELD = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (ConnectionContext.class.isAssignableFrom(f.getType())) {
                        try {
                            f.setAccessible(true);
                            return f;
                        } catch (RuntimeException e) {
                            LOG.log(Level.FINE, "no socket access; relying on heartbeats", e);
                            return null;
                        }
                    }
                }
            }
            return null;
        }
    };

    private static HelidonSocket socketOf(ServerRequest req) {
        Field f = CONTEXT_FIELD.get(req.getClass());
        if (f == null) {
            return null;
        }
        try {
            return ((ConnectionContext) f.get(req)).serverSocket();
        } catch (RuntimeException | IllegalAccessException e) {
            LOG.log(Level.FINE, "no socket access; relying on heartbeats", e);
            return null;
        }
    }
}
