package dev.herald.admin.ui.support;

import dev.herald.HeraldServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A real Herald server (the same wiring as its Main) on a random port, in-memory store. */
public final class LiveHerald implements AutoCloseable {
    private final HeraldServer server;
    private final Path dataDir;

    private LiveHerald(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        try {
            // Its own, like every server (one Herald per data directory; ./data would be the checkout's).
            dataDir = Files.createTempDirectory("herald-admin-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("herald.data.dir", dataDir.toString());
        settings.put("server.port", "0");
        settings.put("server.host", "127.0.0.1");
        settings.put("herald.store", "memory");
        settings.put("herald.events.heartbeat", "500ms");
        settings.putAll(overrides);
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(settings))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        this.server = HeraldServer.start(config);
    }

    public static LiveHerald start() {
        return new LiveHerald(Map.of());
    }

    public static LiveHerald start(Map<String, String> overrides) {
        return new LiveHerald(overrides);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public Subscriber subscribe(String... topics) {
        return Subscriber.open(uri(), topics);
    }

    public Subscriber subscribeAs(String userAgent, String... topics) {
        return Subscriber.open(uri(), userAgent, topics);
    }

    /** A subscriber signed in as this user (a subscriber token minted with POST /admin/tokens). */
    public Subscriber subscribeAsUser(String user, String userAgent, String... topics) {
        try {
            java.net.http.HttpResponse<String> res = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(uri() + "/admin/tokens"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() >= 300) {
                throw new IllegalStateException("POST /admin/tokens answered " + res.statusCode() + ": " + res.body());
            }
            String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body()).get("token").asText();
            return Subscriber.open(uri(), userAgent, token, topics);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        // Removed again: every test run left ~200 of these in /tmp.
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: what could not be removed stays
        }
    }
}
