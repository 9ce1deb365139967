package dev.herald.auth;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald.cors.origins=*} answered every origin with its own name and {@code Allow-Credentials: true}: a page
 * of any origin could read a signed-in user's notifications with the {@code herald_token} cookie. The cookie is
 * {@code SameSite=Strict}, but that only keeps other <em>sites</em> out: another port on the same host, or a sibling
 * subdomain, is the same site and its requests carry the cookie. Any origin means no cookies; origins listed by
 * name are trusted with them.
 */
class CorsCredentialsTest {
    private static final String OPERATOR = "op-secret-token-for-cors-credentials";

    private static HttpResponse<String> get(TestHerald h, String path, String origin, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(h.uri(path)).timeout(Duration.ofSeconds(10)).header("Origin", origin);
        if (cookie != null) {
            b.header("Cookie", "herald_token=" + cookie);
        }
        return TestHerald.send(b.build());
    }

    private static String aliceToken(TestHerald h) throws Exception {
        HttpResponse<String> minted = TestHerald.send(HttpRequest.newBuilder(h.uri("/admin/tokens"))
                .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\"}")).build());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(minted.body()).get("token").asText();
    }

    @Test
    void anyOriginGetsNoCredentials() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "*",
                "herald.auth.operators", OperatorTokens.hash(OPERATOR)))) {
            String token = aliceToken(h);
            // Another port of the same host: the same site, so a browser sends the cookie along.
            HttpResponse<String> res = get(h, "/notifications", "http://127.0.0.1:3000", token);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(res.headers().firstValue("Access-Control-Allow-Credentials"))
                    .as("a page of any origin may not read with the user's cookie").isEmpty();
            HttpResponse<String> preflight = TestHerald.send(HttpRequest.newBuilder(h.uri("/notifications"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://any.example")
                    .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
                    .build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                    .as("a token in Authorization still works from anywhere").contains("Authorization");
        }
    }

    @Test
    void aListedOriginKeepsItsCredentials() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "https://app.example.com, *",
                "herald.auth.operators", OperatorTokens.hash(OPERATOR)))) {
            HttpResponse<String> res = get(h, "/notifications", "https://app.example.com", aliceToken(h));
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(res.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(res.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
        }
    }
}
