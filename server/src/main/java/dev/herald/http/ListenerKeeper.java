package dev.herald.http;

import dev.herald.config.ListenerFailures;
import io.helidon.webserver.WebServer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps Herald listening. Helidon 4.5 ends a listener for good when {@code accept()} fails, as it does
 * at the process's open-file limit ("Too many open files"), and its listener thread then waits for
 * itself forever: the process lives on with no port, refusing every publish and new stream, while a
 * separate health listener may still answer. Helidon logs that end; on that record every keeper in
 * the process tries its own ports, and one that finds a port refusing connections stops what is left
 * of its server and starts a new one on the same ports, backing off while it cannot (Helidon closed
 * the connections it held, which frees descriptors). Streams taken over from Helidon are not
 * Helidon's and stay open throughout.
 */
public final class ListenerKeeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ListenerKeeper.class.getName());
    // Held here: JUL keeps loggers weakly, and a collected logger would lose its filter.
    private static final Logger LISTENER = Logger.getLogger("io.helidon.webserver.ServerListener");
    private static final String ENDED = "this server socket is terminating now";
    private static final List<ListenerKeeper> KEEPERS = new CopyOnWriteArrayList<>();
    // The listener logs its end before it closes its socket: a port is tried a few times.
    static final List<Duration> TRIES = List.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    // A client that keeps the process at its limit gets a slower restart each time (up to LONGEST_PAUSE),
    // not a new server every few ms (each one built and stopped costs its listeners' set-up and tear-down).
    static final Duration CALM = Duration.ofSeconds(60);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(2);

    /** Builds a server, not started, on these ports (socket name to port; a socket not named as configured). */
    public interface Factory {
        WebServer build(Map<String, Integer> ports);
    }

    private final Factory factory;
    private final Map<String, String> hosts;
    private final AtomicLong restarts = new AtomicLong();
    private final Object lock = new Object();
    private WebServer server; // guarded by lock
    private Map<String, Integer> ports = Map.of(); // guarded by lock, as are the flags
    private long lastRestart; // nanoTime of the last restart, 0 before; read and written by the check thread only
    private Duration pause = Duration.ZERO;
    private boolean checking;
    private boolean pending;
    private volatile Thread checker;
    private boolean closed;

    /** @param hosts each listener's name and configured host, Helidon's default one first */
    public ListenerKeeper(Factory factory, Map<String, String> hosts) {
        this.factory = factory;
        this.hosts = new LinkedHashMap<>(hosts);
    }

    /** Starts the first server on the configured ports; the caller checks that it runs (and says why not). */
    public WebServer start() {
        WebServer first = factory.build(Map.of()).start();
        synchronized (lock) {
            server = first;
        }
        if (first.isRunning() && first.port() > 0) {
            Map<String, Integer> bound = new LinkedHashMap<>();
            hosts.keySet().forEach(name -> bound.put(name, first.port(name)));
            synchronized (lock) {
                ports = Map.copyOf(bound);
            }
            // Loaded now, not at the limit: a class file may then fail to open (a class path of directories,
            // as in tests), and a class that failed to load is never loaded again for the class that asked.
            List.of(Ports.class, ListenerFailures.Failure.class).forEach(Class::getName);
            KEEPERS.add(this);
            // After the start: Helidon's logging setup resets JUL at the first start.
            if (!(LISTENER.getFilter() instanceof EndWatch)) {
                LISTENER.setFilter(new EndWatch());
            }
        }
        return first;
    }

    public WebServer server() {
        synchronized (lock) {
            return server;
        }
    }

    /** How often a server was started again after a listener ended by itself. */
    public long restarts() {
        return restarts.get();
    }

    // A record that comes while a check runs is not lost: the check runs once more after it.
    private void check() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (checking) {
                pending = true;
                return;
            }
            checking = true;
        }
        try {
            checker = Thread.ofPlatform().name("herald-listener-check").daemon().start(this::checkUntilDone);
        } catch (RuntimeException | OutOfMemoryError e) { // out of threads: the next record tries again
            synchronized (lock) {
                checking = false;
            }
            // Not thrown on: this runs inside Helidon's log call, on the listener's own way out.
            LOG.log(Level.SEVERE, "cannot start the listener check", e);
        }
    }

    private void checkUntilDone() {
        try {
            while (true) {
                try {
                    if (aPortRefuses()) {
                        restart();
                    }
                } catch (RuntimeException | LinkageError e) {
                    // Building a server at the open-file limit can fail in odd ways (a class not loaded yet).
                    LOG.log(Level.WARNING, "listener check failed; trying again", e);
                    synchronized (lock) {
                        pending = true;
                    }
                    Ports.sleep(LONGEST_RETRY);
                }
                synchronized (lock) {
                    if (!pending || closed) {
                        return;
                    }
                    pending = false;
                }
            }
        } finally {
            synchronized (lock) { // also when the thread ends by an error: later records must start a check
                checking = false;
                pending = false;
            }
        }
    }

    private boolean aPortRefuses() {
        return Ports.anyRefuses(hosts, () -> {
            synchronized (lock) {
                return closed ? null : ports;
            }
        });
    }

    /** Whether every port can be bound again; a server is built only then (each one built starts a timer thread). */
    private boolean canBind(Map<String, Integer> on) {
        for (var e : on.entrySet()) {
            String why = Ports.cannotBind(hosts.get(e.getKey()), e.getValue());
            if (why != null) {
                LOG.warning("cannot listen on " + e.getKey() + " port " + e.getValue() + " yet: " + why);
                return false;
            }
        }
        return true;
    }

    private void restart() {
        Map<String, Integer> on;
        synchronized (lock) {
            if (closed) {
                return; // Herald's own stop, not an end
            }
            on = ports;
        }
        LOG.severe("a listener ended by itself (Helidon ends one when accept() fails, e.g. at the open-file limit;"
                + " see the error before this): starting the server again on " + on);
        WebServer ended = server();
        ended.stop(); // what is left: the other listener (the ended one's thread waits for itself)
        Duration window = CALM.plus(pause);
        boolean again = lastRestart != 0 && System.nanoTime() - lastRestart < window.toNanos();
        pause = !again ? Duration.ZERO : pause.isZero() ? FIRST_RETRY : min(pause.multipliedBy(2), LONGEST_PAUSE);
        if (!pause.isZero()) {
            LOG.warning("the last restart was less than " + window.toSeconds() + " s ago: waiting "
                    + pause.toMillis() + " ms");
        }
        if (!Ports.sleep(pause)) {
            return;
        }
        lastRestart = System.nanoTime();
        Duration wait = FIRST_RETRY;
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
            }
            if (canBind(on)) {
                String why;
                try (ListenerFailures failures = ListenerFailures.watch()) {
                    WebServer next = factory.build(on).start();
                    if (next.isRunning() && next.port() > 0) {
                        boolean keep;
                        synchronized (lock) {
                            keep = !closed;
                            if (keep) {
                                server = next;
                            }
                        }
                        if (!keep) {
                            next.stop();
                            StoppedServerThreads.end(next);
                            return;
                        }
                        restarts.incrementAndGet();
                        LOG.warning("listening again on " + on);
                        // Only now: Helidon's listener threads are the only ones that keep the JVM alive (not
                        // daemons); ending the waiting one before the next server listened ended the process.
                        StoppedServerThreads.end(ended);
                        return;
                    }
                    why = failures.failures().toString();
                    next.stop(); // Helidon stops a server that failed to start; twice is harmless, a live one is not
                    StoppedServerThreads.end(next); // its timer runs from the build on
                }
                LOG.warning("cannot listen again yet (" + why + ")");
            }
            LOG.warning("next try in " + wait.toMillis() + " ms");
            if (!Ports.sleep(wait)) {
                return;
            }
            wait = min(wait.multipliedBy(2), LONGEST_RETRY);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the server for good; a restart under way gives up. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        KEEPERS.remove(this);
        Thread running = checker;
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(5000); // a server being started now is stopped by that thread, before the store closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        WebServer s = server(); // after the join: a restart may have swapped it
        if (s != null) {
            s.stop();
            StoppedServerThreads.end(s);
        }
    }

    /** Keeps Helidon's record (it names the cause) and has every keeper try its ports. */
    private static final class EndWatch implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            if (String.valueOf(record.getMessage()).contains(ENDED)) {
                KEEPERS.forEach(ListenerKeeper::check);
            }
            return true;
        }
    }
}
