package dev.herald.admin.ui.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.client.StatsFeed;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one live connection to a server: loads the stats, keeps the stats feed open, reconnects
 * with exponential backoff (1 s doubling to 30 s) and stops retrying on 401/403. Feature view
 * models register as {@link FeedListener}s and hear everything on the UI thread.
 */
public final class ConnectionViewModel implements AutoCloseable {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** What listeners hear as the reason when no server is chosen (after {@link #disconnect()}). */
    public static final String NOT_CONNECTED = "not connected";

    private final Executor ui;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final List<FeedListener> listeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyObjectWrapper<ConnectionState> state = new ReadOnlyObjectWrapper<>(ConnectionState.DISCONNECTED);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper server = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<HeraldClient> client = new ReadOnlyObjectWrapper<>();
    // Bumped on every connect/disconnect, so callbacks of an older attempt are ignored.
    private volatile int generation;
    private volatile StatsFeed feed;
    private Duration nextDelay = FIRST_RETRY;
    // Bumped on every failure: a countdown belongs to one.
    private int failures;

    /** @param ui runs a task on the UI thread (Platform::runLater in the app) */
    public ConnectionViewModel(Executor ui) {
        this.ui = ui;
    }

    public void addListener(FeedListener listener) {
        listeners.add(listener);
    }

    /** Connects to a new server (or the same one with a new token); call on the UI thread. */
    public void connect(URI url, String token) {
        int gen = ++generation;
        closeFeed();
        closeClient();
        HeraldClient c = new HeraldClient(url, token);
        client.set(c);
        server.set(c.base().toString());
        nextDelay = FIRST_RETRY;
        detail.set("Connecting to " + c.base() + "…");
        state.set(ConnectionState.CONNECTING);
        listeners.forEach(l -> l.connectionLost("connecting…"));
        attempt(gen, c);
    }

    public void disconnect() {
        ++generation;
        closeFeed();
        closeClient();
        client.set(null);
        state.set(ConnectionState.DISCONNECTED);
        detail.set("");
        listeners.forEach(l -> l.connectionLost(NOT_CONNECTED));
    }

    /** Retries now (the status bar's "Retry" after an auth failure or during a long backoff). */
    public void reconnect() {
        HeraldClient c = client.get();
        if (c != null) {
            int gen = ++generation;
            closeFeed();
            // Not the last failure's "retrying in 7 s", which would stand still beside "Connecting…".
            detail.set("Connecting to " + c.base() + "…");
            state.set(ConnectionState.CONNECTING);
            listeners.forEach(l -> l.connectionLost("connecting…"));
            attempt(gen, c);
        }
    }

    // Off the UI thread: load a snapshot (proves address and token), then open the feed.
    private void attempt(int gen, HeraldClient c) {
        c.stats().whenComplete((stats, error) -> ui.execute(() -> {
            if (gen != generation) {
                return;
            }
            if (error != null) {
                failed(gen, HeraldException.of(error));
                return;
            }
            listeners.forEach(l -> l.connected(c, stats));
            feed = c.openStatsFeed(new FeedEvents(gen));
        }));
    }

    private void failed(int gen, HeraldException e) {
        closeFeed();
        // Detail first, then state: whoever reacts to the state finds the matching detail.
        if (e.kind() == HeraldException.Kind.AUTH) {
            // The state already says "Authentication failed"; the detail is the server's reason.
            detail.set(e.detail() + " (HTTP " + e.status() + ")");
            state.set(ConnectionState.AUTH_FAILED);
            listeners.forEach(l -> l.connectionLost("the operator token was refused"));
            return;
        }
        Duration delay = nextDelay;
        nextDelay = nextDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextDelay.multipliedBy(2);
        int failure = ++failures;
        countDown(gen, failure, e.describe(), System.nanoTime() + delay.toNanos());
        state.set(ConnectionState.RECONNECTING);
        listeners.forEach(l -> l.connectionLost("reconnecting…"));
        HeraldClient c = client.get();
        timer.schedule(() -> ui.execute(() -> {
            if (gen == generation && c != null) {
                attempt(gen, c);
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    // "retrying in 16 s", then 15, 14…: a fixed number read as if the app had stopped counting. Ticks on
    // each whole second left, until the retry or until anything else (a retry, a connect) takes over.
    private void countDown(int gen, int failure, String why, long retryAt) {
        long left = TimeUnit.NANOSECONDS.toSeconds(retryAt - System.nanoTime() + TimeUnit.SECONDS.toNanos(1) - 1);
        detail.set(why + (left > 0 ? " — retrying in " + left + " s" : " — retrying…"));
        if (left <= 0) {
            return;
        }
        long untilNext = retryAt - System.nanoTime() - TimeUnit.SECONDS.toNanos(left - 1);
        timer.schedule(() -> ui.execute(() -> {
            if (gen == generation && failure == failures && state.get() == ConnectionState.RECONNECTING) {
                countDown(gen, failure, why, retryAt);
            }
        }), Math.max(0, untilNext), TimeUnit.NANOSECONDS);
    }

    private void closeClient() {
        HeraldClient old = client.get();
        if (old != null) {
            old.close();
        }
    }

    private void closeFeed() {
        StatsFeed f = feed;
        feed = null;
        if (f != null) {
            f.close();
        }
    }

    /** Hops every feed callback onto the UI thread and drops those of an older connection. */
    private final class FeedEvents implements StatsFeed.Listener {
        private final int gen;

        FeedEvents(int gen) {
            this.gen = gen;
        }

        @Override
        public void opened() {
            ui.execute(() -> {
                if (gen == generation) {
                    nextDelay = FIRST_RETRY;
                    detail.set("Live from " + server.get());
                    state.set(ConnectionState.CONNECTED);
                }
            });
        }

        @Override
        public void event(String name, JsonNode data) {
            ui.execute(() -> {
                if (gen != generation) {
                    return;
                }
                for (FeedListener l : listeners) {
                    switch (name) {
                        case "stats" -> l.stats(data);
                        case "client-connected" -> l.clientConnected(data);
                        case "client-disconnected" -> l.clientDisconnected(data);
                        case "receipt" -> l.receipt(data);
                        case "scheduled" -> l.scheduledChanged(data);
                        default -> { } // newer servers may add events
                    }
                }
            });
        }

        @Override
        public void closed(HeraldException failure) {
            if (failure != null) {
                ui.execute(() -> {
                    if (gen == generation) {
                        failed(gen, failure);
                    }
                });
            }
        }
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverProperty() {
        return server.getReadOnlyProperty();
    }

    /** The client of the current server, or null before the first connect. */
    public ReadOnlyObjectProperty<HeraldClient> clientProperty() {
        return client.getReadOnlyProperty();
    }

    @Override
    public void close() {
        disconnect();
        timer.shutdownNow();
    }
}
