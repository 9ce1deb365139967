package dev.herald.admin.ui.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real SSE client of GET /events: waits for hello, collects the data of notification frames. */
public final class Subscriber implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CountDownLatch hello = new CountDownLatch(1);
    private final InputStream body;
    private final URI base;
    private final String token;
    private volatile String connection;

    private Subscriber(InputStream body, URI base, String token) {
        this.body = body;
        this.base = base;
        this.token = token;
        Thread.ofVirtual().start(this::read);
    }

    static Subscriber open(URI base, String... topics) {
        return open(base, "TestSubscriber/1.0", topics);
    }

    static Subscriber open(URI base, String userAgent, String... topics) {
        return open(base, userAgent, null, topics);
    }

    static Subscriber open(URI base, String userAgent, String token, String... topics) {
        String query = topics.length == 0 ? "" : "?topic=" + String.join(",", topics);
        if (token != null) {
            query += (query.isEmpty() ? "?" : "&") + "token=" + token;
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/events" + query))
                .header("User-Agent", userAgent).GET().build();
        try {
            HttpResponse<InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("GET /events answered " + res.statusCode());
            }
            Subscriber s = new Subscriber(res.body(), base, token);
            if (!s.hello.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no hello within 10s");
            }
            return s;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            boolean named = false;
            boolean helloData = false;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event: hello")) {
                    helloData = true;
                } else if (helloData && line.startsWith("data: ")) {
                    connection = line.replaceAll(".*\"connection\":\"([^\"]+)\".*", "$1");
                    helloData = false;
                    hello.countDown();
                }
                if (line.startsWith("event:")) {
                    named = true;
                } else if (line.startsWith("data: ") && !named) {
                    messages.add(line.substring(6));
                } else if (line.isEmpty()) {
                    named = false;
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        }
    }

    /** POST /receipts for this stream's connection, with its token; returns the status. */
    public int receipts(String deliveredIds, String seenIds) {
        String url = base + "/receipts" + (token == null ? "" : "?token=" + token);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connection\":\"" + connection + "\",\"delivered\":"
                        + deliveredIds + ",\"seen\":" + seenIds + "}"))
                .build();
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connection id the server gave this stream (from hello). */
    public String connection() {
        return connection;
    }

    /** The next notification's JSON, or null after the timeout. */
    public String next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
