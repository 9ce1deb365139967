package dev.herald.support;

import dev.herald.HeraldServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Herald (the same wiring as Main) on a random port with its own SQLite directory.
 * Restartable on the same directory and port, for replay-across-restart tests. One per test class:
 * {@code @RegisterExtension static final TestHerald herald = TestHerald.perClass(...)} starts it
 * before the class's {@code @BeforeAll} methods and stops it after its {@code @AfterAll} ones.
 */
public final class TestHerald implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Map<String, String> settings;
    private final Path dataDir;
    private HeraldServer server;
    private int port;

    private TestHerald(Map<String, String> overrides) {
        this.dataDir = TempDirs.create("herald-test");
        this.settings = new HashMap<>();
        settings.put("server.port", "0");
        settings.put("server.host", "127.0.0.1");
        settings.put("herald.data.dir", dataDir.toString());
        settings.putAll(overrides);
    }

    /** Starts with application.yaml defaults plus the given keys (e.g. "herald.events.heartbeat" -> "200ms"). */
    public static TestHerald start(Map<String, String> overrides) {
        TestHerald h = create(overrides);
        try {
            h.boot();
        } catch (RuntimeException | Error e) { // a start meant to fail (StartupTest) leaves no directory either
            TempDirs.delete(h.dataDir);
            throw e;
        }
        return h;
    }

    public static TestHerald start() {
        return start(Map.of());
    }

    /** One server for a test class, as a JUnit extension (see the class comment); not started yet. */
    public static TestHerald perClass(Map<String, String> overrides) {
        return create(overrides);
    }

    public static TestHerald perClass() {
        return perClass(Map.of());
    }

    private static TestHerald create(Map<String, String> overrides) {
        return new TestHerald(overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        boot();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void boot() {
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(settings))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        server = HeraldServer.start(config);
        port = server.port();
        settings.put("server.port", String.valueOf(port));
    }

    /** Stops gracefully and starts again on the same port and data directory. */
    public void restart() {
        restart(() -> { });
    }

    /** The same, with {@code whileStopped} run on the stopped server's data directory (e.g. to remove a file). */
    public void restart(Runnable whileStopped) {
        server.close();
        whileStopped.run();
        boot();
    }

    public HeraldServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public SseClient connect(String pathAndQuery) {
        return SseClient.open(uri(pathAndQuery), Map.of());
    }

    public SseClient connect(String pathAndQuery, Map<String, String> headers) {
        return SseClient.open(uri(pathAndQuery), headers);
    }

    public HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** POST /notify with a JSON body; asserts nothing, returns the response. */
    public HttpResponse<String> notify(String json) {
        return post("/notify", "application/json", json);
    }

    /** POST /notify that must be accepted (202): the stored notification's id. */
    public long publish(String json) {
        HttpResponse<String> res = notify(json);
        if (res.statusCode() != 202) {
            throw new AssertionError("POST /notify answered " + res.statusCode() + ": " + res.body());
        }
        Matcher id = ACCEPTED_ID.matcher(res.body());
        if (!id.find()) {
            throw new AssertionError("no id in " + res.body());
        }
        return Long.parseLong(id.group(1));
    }

    private static final Pattern ACCEPTED_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).DELETE().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and removes its data directory (a restart keeps it: {@link #restart()}). */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            TempDirs.delete(dataDir);
        }
    }
}
