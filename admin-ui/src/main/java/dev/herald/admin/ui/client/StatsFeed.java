package dev.herald.admin.ui.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One open GET /admin/stats/stream, read on its own virtual thread. Events go to the listener
 * on that thread (the view models hop onto the FX thread themselves); the feed ends once, with
 * {@link Listener#closed} — it never reconnects by itself.
 * <p>
 * The server sends stats every second, so silence means a hung server or a dead link (sleep,
 * VPN drop, NAT timeout) that TCP would not notice for minutes: a watchdog ends the feed as
 * UNREACHABLE after {@link #SILENCE_LIMIT} without a line, and the connection's backoff takes over.
 */
public final class StatsFeed implements AutoCloseable {
    /** Receives the feed's events; {@code closed} is called exactly once. */
    public interface Listener {
        void opened();

        void event(String name, JsonNode data);

        /** @param failure why it ended, or null when closed by {@link #close()} */
        void closed(HeraldException failure);
    }

    /** Five missed stats events: long enough for a GC pause or a busy server, short enough to notice. */
    public static final Duration SILENCE_LIMIT = Duration.ofSeconds(5);

    private volatile InputStream body;
    private volatile boolean closedByUs;
    private volatile boolean silent;
    private volatile long lastHeard = System.nanoTime();
    private final Duration silenceLimit;
    private final Thread reader;

    StatsFeed(HeraldClient client, Listener listener, Duration silenceLimit) {
        this.silenceLimit = silenceLimit;
        this.reader = Thread.ofVirtual().name("herald-stats-feed").start(() -> read(client, listener));
        Thread.ofVirtual().name("herald-stats-watchdog").start(this::watch);
    }

    // Also covers a server that accepts the connection but never answers the request.
    private void watch() {
        long limit = silenceLimit.toNanos();
        try {
            while (reader.isAlive() && !closedByUs) {
                Thread.sleep(Math.max(50, silenceLimit.toMillis() / 5));
                if (System.nanoTime() - lastHeard > limit && !closedByUs) {
                    silent = true;
                    closeBody();
                    reader.interrupt();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(HeraldClient client, Listener listener) {
        HeraldException failure = null;
        try {
            body = client.openStream("/admin/stats/stream");
            if (closedByUs || silent) { // closed or timed out while the request was under way
                body.close();
                return;
            }
            listener.opened();
            parse(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), listener);
            failure = new HeraldException(HeraldException.Kind.UNREACHABLE, 0, null, "the server ended the stream", null);
        } catch (HeraldException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = HeraldException.of(e);
        } finally {
            if (silent) {
                failure = new HeraldException(HeraldException.Kind.UNREACHABLE, 0, null,
                        "no data for " + silenceLimit.toSeconds() + " s (server hung or network down)", null);
            }
            listener.closed(closedByUs ? null : failure);
        }
    }

    // SSE: fields until a blank line; only "event" and "data" matter here, comments are skipped.
    private void parse(BufferedReader in, Listener listener) throws IOException {
        String event = "message";
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            lastHeard = System.nanoTime();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    listener.event(event, HeraldClient.JSON.readTree(data.toString()));
                }
                event = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = value(line, 6);
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(value(line, 5));
            }
        }
    }

    private static String value(String line, int from) {
        return line.length() > from && line.charAt(from) == ' ' ? line.substring(from + 1) : line.substring(from);
    }

    @Override
    public void close() {
        closedByUs = true;
        closeBody();
        reader.interrupt();
    }

    private void closeBody() {
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException ignored) {
                // closing a broken stream: nothing more to do
            }
        }
    }
}
