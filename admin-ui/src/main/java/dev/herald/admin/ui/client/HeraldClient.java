package dev.herald.admin.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The only class that talks to a Herald server: the admin API, POST /notify and the stats feed,
 * all asynchronous (java.net.http), so no caller ever waits on the network. Every failure comes
 * back as a {@link HeraldException}; the token, when set, goes as {@code Authorization: Bearer}.
 */
public final class HeraldClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public HeraldClient(URI base, String token) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // SSE over HTTP/1.1, see docs/sse.md
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Parses what an operator typed ("localhost:8080" gets http://), or throws IllegalArgumentException. */
    public static URI parseUrl(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("enter the server URL, e.g. http://localhost:8080");
        }
        if (!t.contains("://")) {
            t = "http://" + t;
        }
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("use an http(s) URL with a host, e.g. http://localhost:8080");
        }
        return uri;
    }

    public URI base() {
        return base;
    }

    /**
     * Stops its HttpClient (and selector thread) when the app moves to another server or token.
     * shutdownNow, not close: close waits for open requests, and a stats stream never ends.
     */
    @Override
    public void close() {
        http.shutdownNow();
    }

    public CompletableFuture<JsonNode> stats() {
        return getJson("/admin/stats");
    }

    public CompletableFuture<List<JsonNode>> clients() {
        return getJson("/admin/clients").thenApply(n -> list(n.path("clients")));
    }

    /** GET /admin/notifications: the newest {@code limit} before the id {@code before} (null: the newest of all). */
    public CompletableFuture<NotificationPage> notifications(int limit, Long before) {
        return getJson("/admin/notifications?limit=" + limit + (before == null ? "" : "&before=" + before))
                .thenApply(n -> new NotificationPage(list(n.path("notifications")), n.path("hasMore").asBoolean()));
    }

    public CompletableFuture<Void> disconnect(String connectionId) {
        String id = java.net.URLEncoder.encode(connectionId, StandardCharsets.UTF_8);
        return call(request("/admin/clients/" + id).DELETE().build()).thenApply(body -> null);
    }

    public CompletableFuture<SendResult> send(NotificationDraft draft) {
        HttpRequest req = request("/notify")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(draft.toJson().toString()))
                .build();
        return call(req).thenApply(body -> {
            JsonNode n = parse(body);
            return new SendResult(n.path("id").asLong(), n.path("time").asText(), n.path("recipients").asInt());
        });
    }

    /** POST /notify with {@code at}: stored on the server and sent at that time. */
    public CompletableFuture<ScheduleResult> schedule(NotificationDraft draft, java.time.Instant at) {
        var body = draft.toJson().put("at", at.toString());
        HttpRequest req = request("/notify")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return call(req).thenApply(b -> {
            JsonNode n = parse(b);
            return new ScheduleResult(n.path("id").asText(), java.time.Instant.parse(n.path("due").asText()));
        });
    }

    /** GET /admin/scheduled: pending scheduled notifications, soonest first. */
    public CompletableFuture<List<JsonNode>> scheduled() {
        return getJson("/admin/scheduled").thenApply(n -> list(n.path("scheduled")));
    }

    /** DELETE /notifications/{id}: cancels a scheduled one (s-N) or retracts a sent one. */
    public CompletableFuture<JsonNode> remove(String id) {
        String path = "/notifications/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
        return call(request(path).DELETE().build()).thenApply(HeraldClient::parse);
    }

    /** GET /admin/notifications/{id}: one notification with its receipts and who saw it. */
    public CompletableFuture<JsonNode> notification(long id) {
        return getJson("/admin/notifications/" + id);
    }

    /** Opens the live stats feed; events arrive on the feed's own thread. */
    public StatsFeed openStatsFeed(StatsFeed.Listener listener) {
        return new StatsFeed(this, listener, StatsFeed.SILENCE_LIMIT);
    }

    // Blocking, for the feed's own thread only: the response body once the status is 200.
    InputStream openStream(String path) throws IOException {
        HttpRequest req = request(path).timeout(Duration.ofDays(1)).header("Accept", "text/event-stream").GET().build();
        // Async plus get(), so the feed's watchdog can interrupt a server that never answers.
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> res = pending.get();
            if (res.statusCode() != 200) {
                String body;
                try (InputStream in = res.body()) {
                    body = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
                }
                throw failure(res.statusCode(), body);
            }
            return res.body();
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw HeraldException.of(e, base);
        }
    }

    private CompletableFuture<JsonNode> getJson(String path) {
        return call(request(path).GET().build()).thenApply(HeraldClient::parse);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private CompletableFuture<String> call(HttpRequest req) {
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((res, error) -> {
                    if (error != null) {
                        throw HeraldException.of(error, base);
                    }
                    if (res.statusCode() >= 300) {
                        throw failure(res.statusCode(), res.body());
                    }
                    return res.body();
                });
    }

    static HeraldException failure(int status, String body) {
        String error = null;
        String detail = body == null || body.isBlank() ? "HTTP " + status : body.strip();
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.has("error")) {
                error = n.path("error").asText();
                detail = n.path("detail").asText(error);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON (a proxy's page): keep the raw text as detail
        }
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "...";
        }
        HeraldException.Kind kind = status == 401 || status == 403
                ? HeraldException.Kind.AUTH : HeraldException.Kind.REJECTED;
        return new HeraldException(kind, status, error, detail, null);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CompletionException(new HeraldException(HeraldException.Kind.REJECTED, 200, "bad_response",
                    "the server's answer is not JSON: " + e.getMessage(), e));
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
