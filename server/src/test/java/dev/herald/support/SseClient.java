package dev.herald.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test SSE client on the JDK HttpClient (HTTP/1.1), parsing the stream as a browser does.
 * A reader thread queues events; comments (heartbeats) and retry hints are counted.
 */
public final class SseClient implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final List<String> rawLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean ended;
    private volatile Long retry;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    public static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        try {
            return new SseClient(TestHerald.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                rawLines.add(line);
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new SseEvent(id, event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.incrementAndGet();
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    case "retry" -> retry = Long.parseLong(value);
                    default -> { }
                }
            }
        } catch (IOException e) {
            // closed by us or the server
        } finally {
            ended = true;
        }
    }

    /** The next event of any kind, or null after the timeout. */
    public SseEvent next(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits for the hello event, which proves the stream is live; returns it. */
    public SseEvent awaitHello() {
        SseEvent e = next(Duration.ofSeconds(10));
        if (e == null || !"hello".equals(e.event())) {
            throw new AssertionError("expected hello first, got " + e + " (status " + status() + ")");
        }
        return e;
    }

    /** Waits for hello and returns its connection id (what a page sends receipts for). */
    public String awaitConnection() {
        String data = awaitHello().data();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(data).get("connection").asText();
        } catch (IOException e) {
            throw new AssertionError("hello is not JSON: " + data, e);
        }
    }

    /** Collects exactly n message events (unnamed), failing on timeout. Control events are skipped. */
    public List<SseEvent> messages(int n, Duration timeout) {
        List<SseEvent> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            long left = deadline - System.nanoTime();
            SseEvent e = left > 0 ? next(Duration.ofNanos(left)) : null;
            if (e == null) {
                throw new AssertionError("got " + out.size() + " of " + n + " messages within " + timeout);
            }
            if (e.isMessage()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Everything that arrives within the window (for asserting that nothing else comes). */
    public List<SseEvent> drain(Duration window) {
        List<SseEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        SseEvent e;
        while (deadline - System.nanoTime() > 0
                && (e = next(Duration.ofNanos(deadline - System.nanoTime()))) != null) {
            out.add(e);
        }
        return out;
    }

    public int comments() {
        return comments.get();
    }

    public Long retry() {
        return retry;
    }

    public List<String> rawLines() {
        return List.copyOf(rawLines);
    }

    public boolean ended() {
        return ended;
    }

    /** Waits until the server ends the stream. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        return ended;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
