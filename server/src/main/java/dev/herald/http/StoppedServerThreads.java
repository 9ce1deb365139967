package dev.herald.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.spi.ServerConnection;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the two threads Helidon 4.5 leaves behind a stopped server, which cost a thread each for every
 * listener restart ({@link ListenerKeeper}) and every stop:
 * <ul>
 * <li>a listener that ended by itself ("Too many open files") called its own {@code stop()}, which waits
 *     for a {@code closeFuture} that only that thread completes, once {@code stop()} has returned: it is
 *     completed here, and the thread finishes its stop and ends;</li>
 * <li>every server's "helidon-idle-connection-timer" is never cancelled, and only the JDK's private
 *     queue holds its task. The task asks each listener for its connections every idle period: a stand-in
 *     connection put among them ends the timer's thread from inside (a {@code TimerTask} that throws ends
 *     its {@code Timer}), quietly.</li>
 * </ul>
 * Both reach into Helidon's private fields (classes on the class path, so open to reflection); where they
 * do not match, the threads stay, as before, and a warning says so.
 */
final class StoppedServerThreads {
    private static final Logger LOG = Logger.getLogger(ListenerKeeper.class.getName());
    private static final Duration LISTENER_END = Duration.ofSeconds(5);

    private StoppedServerThreads() {
    }

    /** After {@code server.stop()}: ends its listener threads still waiting and its idle-connection timer. */
    static void end(WebServer server) {
        try {
            Map<?, ?> listeners = (Map<?, ?>) field(server.getClass(), "listeners").get(server);
            for (Object listener : listeners.values()) {
                Class<?> type = listener.getClass();
                // Completed when the listener ended normally; the ended one's thread waits for it (null: never started).
                CompletableFuture<?> closed = (CompletableFuture<?>) field(type, "closeFuture").get(listener);
                if (closed != null) {
                    closed.complete(null);
                }
                @SuppressWarnings("unchecked")
                Map<String, ServerConnection> connections = (Map<String, ServerConnection>) field(type, "activeConnections")
                        .get(listener);
                connections.put("herald-timer-end", new TimerEnd());
                Thread thread = (Thread) field(type, "serverThread").get(listener);
                if (thread != null && thread != Thread.currentThread()) {
                    thread.join(LISTENER_END);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot end the stopped server's threads (Helidon's internals differ from 4.5):"
                    + " each restart keeps two threads", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** A stand-in connection: asked for its idle time on the timer's thread, it ends that thread. */
    private static final class TimerEnd implements ServerConnection {
        @Override
        public Duration idleTime() {
            Thread timer = Thread.currentThread();
            Thread.UncaughtExceptionHandler others = timer.getUncaughtExceptionHandler();
            timer.setUncaughtExceptionHandler((t, e) -> {
                if (!(e instanceof End)) {
                    others.uncaughtException(t, e);
                }
            });
            throw new End();
        }

        @Override
        public void close(boolean interrupt) {
        }
    }

    private static final class End extends RuntimeException {
        End() {
            super("the stopped server's idle-connection timer ends", null, false, false);
        }
    }
}
