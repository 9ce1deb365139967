package dev.herald.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an operator token, the operator is "a direct call from this machine". A page of another origin open in
 * a browser on that machine reaches the server from loopback, addressed as localhost: with that origin allowed by
 * {@code herald.cors.origins} (or {@code *}) it passed as the local operator and could read the answers too
 * (publish, mint a {@code *} token, read every user's notifications). A cross-origin request never gets the
 * token-less operator; with a token it is an operator like any other caller.
 */
class CrossOriginOperatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "op-secret-token-for-cross-origin-tests";

    private static HttpResponse<String> call(TestHerald h, String method, String path, String origin, String token,
                                             String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(h.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestHerald.send(b.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://app.example.com"})
    void anAllowedOriginIsNotTheLocalOperator(String origins) throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", origins))) {
            String page = "https://app.example.com";
            long before = h.server().log().latestId();
            for (String[] c : new String[][]{{"POST", "/notify", "{\"message\":\"from a page\"}"},
                    {"POST", "/notify/batch", "[{\"message\":\"from a page\"}]"},
                    {"POST", "/admin/tokens", "{\"user\":\"admin\",\"topics\":[\"*\"],\"ttl\":2592000}"},
                    {"GET", "/admin/notifications", null}, {"GET", "/admin/stats", null}, {"GET", "/cluster", null},
                    {"DELETE", "/notifications/1", null}}) {
                HttpResponse<String> res = call(h, c[0], c[1], page, null, c[2]);
                assertThat(res.statusCode()).as(c[0] + " " + c[1] + ": " + res.body()).isEqualTo(403);
                assertThat(JSON.readTree(res.body()).get("error").asText()).isEqualTo("operator_only_local");
                // The page may read why (the origin is allowed), and nothing ran.
                assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origins.equals("*") ? "*" : page);
            }
            assertThat(h.server().log().latestId()).isEqualTo(before);
            // Preflights are still answered: the refusal comes with the request itself, readable by the page.
            HttpResponse<String> preflight = TestHerald.send(HttpRequest.newBuilder(h.uri("/notify"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", page)
                    .header("Access-Control-Request-Method", "POST").build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            // What a page of that origin may do without a token is unchanged: read public notifications.
            assertThat(call(h, "GET", "/notifications", page, null, null).statusCode()).isEqualTo(200);
            // Direct calls (curl, the admin app: no Origin) and the server's own pages are still the local operator.
            assertThat(call(h, "POST", "/notify", null, null, "{\"message\":\"curl\"}").statusCode()).isEqualTo(202);
            assertThat(call(h, "POST", "/notify", "http://127.0.0.1:" + h.port(), null, "{\"message\":\"own page\"}")
                    .statusCode()).isEqualTo(202);
        }
    }

    @Test
    void anAllowedOriginWithAnOperatorTokenIsAnOperator() {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "https://app.example.com",
                "herald.auth.operators", OperatorTokens.hash(OPERATOR)))) {
            HttpResponse<String> res = call(h, "POST", "/notify", "https://app.example.com", OPERATOR,
                    "{\"message\":\"with a token\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            assertThat(call(h, "POST", "/notify", "https://app.example.com", null, "{\"message\":\"no token\"}")
                    .statusCode()).isEqualTo(401);
        }
    }
}
