package dev.herald.admin.ui.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One open GET /admin/stats/stream, read on its own virtual thread. Events go to the listener
 * on that thread (the view models hop onto the FX thread themselves); the feed ends once, with
 * {@link Listener#closed} — it never reconnects by itself.
 */
public final class StatsFeed implements AutoCloseable {
    /** Receives the feed's events; {@code closed} is called exactly once. */
    public interface Listener {
        void opened();

        void event(String name, JsonNode data);

        /** @param failure why it ended, or null when closed by {@link #close()} */
        void closed(HeraldException failure);
    }

    private volatile InputStream body;
    private volatile boolean closedByUs;
    private final Thread reader;

    StatsFeed(HeraldClient client, Listener listener) {
        this.reader = Thread.ofVirtual().name("herald-stats-feed").start(() -> read(client, listener));
    }

    private void read(HeraldClient client, Listener listener) {
        HeraldException failure = null;
        try {
            body = client.openStream("/admin/stats/stream");
            if (closedByUs) {
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
            listener.closed(closedByUs ? null : failure);
        }
    }

    // SSE: fields until a blank line; only "event" and "data" matter here, comments are skipped.
    private static void parse(BufferedReader in, Listener listener) throws IOException {
        String event = "message";
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
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
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException ignored) {
                // closing a broken stream: nothing more to do
            }
        }
        reader.interrupt();
    }
}
