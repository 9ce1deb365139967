package dev.herald.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.support.TestHerald;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests the access-control tests send (publish, mint), signed tokens, and their error check. */
final class AuthRequests {
    static final String OPERATOR = "op-secret-token-for-tests";
    static final String SECRET = "0123456789abcdef0123456789abcdef-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestHerald herald;
    private final String operator;

    /** A server per test class with an operator token, a token secret and private topics user.* and secret-*. */
    static TestHerald server() {
        return TestHerald.perClass(Map.of(
                "herald.auth.operators", OperatorTokens.hash(OPERATOR),
                "herald.auth.jwt.secret", SECRET,
                "herald.auth.private", "user.*,secret-*"));
    }

    AuthRequests(TestHerald herald, String operator) {
        this.herald = herald;
        this.operator = operator;
    }

    /** POST /notify with {@code token} as the bearer (none when null). */
    HttpResponse<String> notify(String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(herald.uri("/notify")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestHerald.send(b.build());
    }

    /** POST /admin/tokens as the operator, with {@code body} as sent. */
    HttpResponse<String> mintRequest(String body) {
        return TestHerald.send(HttpRequest.newBuilder(herald.uri("/admin/tokens"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A minted token (the answer must be a 201). */
    String mint(String user, List<String> topics, long ttl) throws Exception {
        HttpResponse<String> res = mintRequest(JSON.writeValueAsString(Map.of("user", user, "topics", topics, "ttl", ttl)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return JSON.readTree(res.body()).get("token").asText();
    }

    static String sign(JWTClaimsSet claims, String key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key.getBytes()));
        return jwt.serialize();
    }

    static void assertError(HttpResponse<String> res, int status, String error, String detailPart) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        if (detailPart != null) {
            assertThat(body.get("detail").asText()).containsIgnoringCase(detailPart);
        }
    }
}
