package dev.herald.admin.ui.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through HTTP proxy in front of a Herald (streams included) that counts requests by
 * "METHOD /path" and can hold the next answer to one path after the server gave it, so a test
 * can connect and disconnect clients while that answer is "in flight".
 */
public final class CountingProxy implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final HttpServer server;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile Hold hold;

    /** The next answer to one path: the server has answered, the caller has not received it yet. */
    public static final class Hold {
        private final String path;
        private final CountDownLatch answered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String path) {
            this.path = path;
        }

        public void awaitAnswered(Duration timeout) throws InterruptedException {
            if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no request for " + path + " within " + timeout);
            }
        }

        public void release() {
            released.countDown();
        }
    }

    private CountingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    public static CountingProxy to(URI target) throws IOException {
        return new CountingProxy(target);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests came for e.g. "GET /admin/clients" (query ignored). */
    public int count(String methodAndPath) {
        AtomicInteger n = counts.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    /** Holds the next answer to this path until {@link Hold#release()}. */
    public Hold hold(String path) {
        Hold h = new Hold(path);
        hold = h;
        return h;
    }

    private void forward(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        counts.computeIfAbsent(ex.getRequestMethod() + " " + path, k -> new AtomicInteger()).incrementAndGet();
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .method(ex.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Authorization", "Accept", "Content-Type", "Last-Event-ID", "User-Agent")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    req.header(h, v);
                }
            }
            HttpResponse<InputStream> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = res.headers().firstValue("Content-Type").orElse("");
            if (!type.isEmpty()) {
                ex.getResponseHeaders().add("Content-Type", type);
            }
            try (InputStream in = res.body()) {
                if (type.startsWith("text/event-stream")) {
                    ex.sendResponseHeaders(res.statusCode(), 0);
                    copyLive(in, ex.getResponseBody());
                    return;
                }
                byte[] answer = in.readAllBytes();
                Hold h = hold;
                if (h != null && h.path.equals(path)) {
                    hold = null;
                    h.answered.countDown();
                    h.released.await();
                }
                ex.sendResponseHeaders(res.statusCode(), answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    ex.getResponseBody().write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copyLive(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    @Override
    public void close() {
        Hold h = hold;
        if (h != null) {
            h.release();
        }
        server.stop(0);
    }
}
