package dev.herald.auth;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With CORS configured, an answer depends on the request's {@code Origin}, also when it has none: {@code Vary: Origin}
 * came only with the CORS headers, so a shared cache could keep the web client's files fetched without an
 * Origin and hand them to a page of an allowed origin without {@code Access-Control-Allow-Origin}.
 */
class CorsVaryTest {
    private static HttpResponse<String> get(TestHerald h, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(h.uri(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        return TestHerald.send(b.build());
    }

    private static boolean variesByOrigin(HttpResponse<String> res) {
        return res.headers().allValues("Vary").stream()
                .anyMatch(v -> java.util.Arrays.stream(v.split(",")).anyMatch(p -> p.strip().equalsIgnoreCase("Origin")));
    }

    @Test
    void everyAnswerVariesByOriginWhenCorsIsConfigured() {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "https://app.example.com"))) {
            HttpResponse<String> page = get(h, "/", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(variesByOrigin(page)).as("a file without an Origin: " + page.headers().map()).isTrue();
            String etag = page.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> revalidated = get(h, "/", Map.of("If-None-Match", etag));
            assertThat(revalidated.statusCode()).isEqualTo(304);
            assertThat(variesByOrigin(revalidated)).as("a 304 updates the cached copy's headers").isTrue();
            HttpResponse<String> sameOrigin = get(h, "/", Map.of("Origin", "http://localhost:" + h.port()));
            assertThat(variesByOrigin(sameOrigin)).as("same origin").isTrue();
            HttpResponse<String> json = get(h, "/notifications", Map.of());
            assertThat(variesByOrigin(json)).as("the API's JSON").isTrue();
            HttpResponse<String> refused = get(h, "/", Map.of("Origin", "https://evil.example"));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(variesByOrigin(refused)).as("a refused origin").isTrue();
            HttpResponse<String> allowed = get(h, "/", Map.of("Origin", "https://app.example.com"));
            assertThat(allowed.headers().allValues("Vary")).as("said once").hasSize(1);
            assertThat(variesByOrigin(allowed)).isTrue();
        }
    }

    @Test
    void withoutCorsNothingVariesByOrigin() {
        try (TestHerald h = TestHerald.start()) {
            HttpResponse<String> page = get(h, "/", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(variesByOrigin(page)).as("no CORS headers are ever sent").isFalse();
        }
    }
}
