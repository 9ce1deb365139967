package dev.herald.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static dev.herald.auth.AuthRequests.assertError;
import static dev.herald.auth.AuthRequests.sign;
import static org.assertj.core.api.Assertions.assertThat;

/** The bad-input matrix for access control, each case a real HTTP request against a real server. */
class AuthMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = AuthRequests.OPERATOR;
    private static final String SECRET = AuthRequests.SECRET;

    @RegisterExtension
    static final TestHerald herald = AuthRequests.server();

    private static final AuthRequests REQUESTS = new AuthRequests(herald, OPERATOR);

    private static HttpResponse<String> notify(String token, String body) {
        return REQUESTS.notify(token, body);
    }

    static String mint(String user, List<String> topics, long ttl) throws Exception {
        return REQUESTS.mint(user, topics, ttl);
    }

    @Test
    void publishNeedsTheOperatorToken() throws Exception {
        long before = herald.server().log().latestId();
        assertError(notify(null, "{\"message\":\"x\"}"), 401, "token_required", "operator token");
        assertThat(notify(null, "{\"message\":\"x\"}").headers().firstValue("WWW-Authenticate")).isPresent();
        assertError(notify("wrong", "{\"message\":\"x\"}"), 401, "invalid_token", null);
        assertError(notify(mint("alice", List.of(), 60), "{\"message\":\"x\"}"), 403, "forbidden", "subscriber token");
        assertThat(herald.server().log().latestId()).isEqualTo(before);
        assertThat(notify(OPERATOR, "{\"message\":\"ok\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void badSubscriberTokensAre401WithAReason() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet valid = new JWTClaimsSet.Builder().subject("bob").expirationTime(Date.from(now.plusSeconds(60))).build();
        String none = new PlainJWT(valid).serialize();
        String otherKey = sign(valid, "another-key-another-key-another-key-!!");
        String expired = sign(new JWTClaimsSet.Builder().subject("bob")
                .expirationTime(Date.from(now.minusSeconds(5))).build(), SECRET);
        String noExp = sign(new JWTClaimsSet.Builder().subject("bob").build(), SECRET);
        assertError(herald.get("/events?token=" + none), 401, "invalid_token", "alg none");
        assertError(herald.get("/events?token=" + otherKey), 401, "invalid_token", "signature");
        assertError(herald.get("/events?token=" + expired), 401, "invalid_token", "expired");
        assertError(herald.get("/events?token=" + noExp), 401, "invalid_token", "no expiry");
        // Claims Herald never mints, from a token signed with its key elsewhere (a backend sharing the secret):
        // not valid yet (RFC 7519 4.1.5), meant for another audience (4.1.3), a subject that is no user id.
        String notYet = sign(new JWTClaimsSet.Builder().subject("bob").notBeforeTime(Date.from(now.plusSeconds(300)))
                .expirationTime(Date.from(now.plusSeconds(600))).build(), SECRET);
        String otherAudience = sign(new JWTClaimsSet.Builder().subject("bob").audience("billing")
                .expirationTime(Date.from(now.plusSeconds(60))).build(), SECRET);
        String badSubject = sign(new JWTClaimsSet.Builder().subject("bob\r\nevent: x")
                .expirationTime(Date.from(now.plusSeconds(60))).build(), SECRET);
        assertError(herald.get("/events?token=" + notYet), 401, "invalid_token", "not valid before");
        assertError(herald.get("/notifications?token=" + otherAudience), 401, "invalid_token", "audience");
        assertError(herald.get("/events?token=" + badSubject), 401, "invalid_token", "subject");
        String nowValid = sign(new JWTClaimsSet.Builder().subject("bob").notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(60))).build(), SECRET);
        assertThat(herald.get("/notifications?token=" + nowValid).statusCode()).isEqualTo(200);
        // A signer whose clock runs a little ahead (review): up to 60 s early is taken.
        String slightlyAhead = sign(new JWTClaimsSet.Builder().subject("bob").notBeforeTime(Date.from(now.plusSeconds(30)))
                .expirationTime(Date.from(now.plusSeconds(600))).build(), SECRET);
        assertThat(herald.get("/notifications?token=" + slightlyAhead).statusCode()).isEqualTo(200);
        assertError(herald.get("/events?token=not.a.jwt"), 401, "invalid_token", "malformed");
        assertError(herald.get("/notifications?token=garbage"), 401, "invalid_token", "malformed");
        assertThat(JSON.readTree(herald.get("/events?token=garbage").body()).has("anonymous"))
                .as("anonymous access is on here: going on without the token works").isFalse();
        assertThat(herald.server().hub().stats().connected()).isZero();
    }

    @Test
    void withoutAnonymousAccessABadTokenSaysSoAndNoTokenIsRequired() throws Exception {
        try (TestHerald closed = TestHerald.start(Map.of("herald.auth.anonymous", "false"))) {
            HttpResponse<String> bad = closed.get("/events?token=garbage");
            assertError(bad, 401, "invalid_token", "malformed");
            assertThat(JSON.readTree(bad.body()).get("anonymous").asText()).isEqualTo("off");
            assertError(closed.get("/events"), 401, "token_required", "subscriber token");
        }
    }

    @Test
    void tokenIsAcceptedAsBearerQueryOrCookie() throws Exception {
        String token = mint("carol", List.of("user.carol"), 60);
        for (Map<String, String> headers : List.of(Map.of("Authorization", "Bearer " + token),
                Map.of("Cookie", "herald_token=" + token))) {
            try (SseClient c = herald.connect("/events?topic=user.carol", headers)) {
                assertThat(c.status()).isEqualTo(200);
                c.awaitHello();
            }
        }
        try (SseClient c = herald.connect("/events?topic=user.carol&token=" + token)) {
            assertThat(c.status()).isEqualTo(200);
            c.awaitHello();
        }
    }

    @Test
    void privateTopicsNeedATokenThatAllowsThem() throws Exception {
        HttpResponse<String> refused = herald.get("/events?topic=ops&topic=user.dave");
        assertError(refused, 403, "private_topic", "private");
        assertThat(JSON.readTree(refused.body()).get("topic").asText()).as("the refused topic, for clients").isEqualTo("user.dave");
        String dave = mint("dave", List.of("user.dave"), 60);
        assertError(herald.get("/events?topic=user.erin&token=" + dave), 403, "private_topic", "does not allow");
        assertError(herald.get("/events?topic=secret-plans&token=" + dave), 403, "private_topic", null);
        try (SseClient ok = herald.connect("/events?topic=user.dave&topic=public&token=" + dave)) {
            assertThat(ok.status()).isEqualTo(200);
        }
        String wild = mint("frank", List.of("secret-*"), 60);
        try (SseClient ok = herald.connect("/events?topic=secret-plans&token=" + wild)) {
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpiresAndHearsNothingPrivateAfter() throws Exception {
        String kim = mint("kim", List.of("user.kim"), 2);
        String lasting = mint("kim", List.of("user.kim"), 3600);
        try (SseClient expiring = herald.connect("/events?topic=user.kim&token=" + kim);
             SseClient other = herald.connect("/events?topic=user.kim&token=" + lasting)) {
            expiring.awaitHello();
            other.awaitHello();
            notify(OPERATOR, "{\"message\":\"before expiry\",\"topic\":\"user.kim\",\"user\":\"kim\"}");
            assertThat(expiring.messages(1, Duration.ofSeconds(5)).getFirst().data()).contains("before expiry");
            assertThat(expiring.awaitEnd(Duration.ofSeconds(10))).as("ended at the token's expiry").isTrue();
            notify(OPERATOR, "{\"message\":\"after expiry\",\"topic\":\"user.kim\",\"user\":\"kim\"}");
            assertThat(other.messages(2, Duration.ofSeconds(5))).extracting(SseEvent::data)
                    .as("a stream with a live token goes on").anyMatch(d -> d.contains("after expiry"));
            assertThat(expiring.drain(Duration.ofMillis(300))).extracting(SseEvent::data).noneMatch(d -> d.contains("after expiry"));
        }
        assertError(herald.get("/events?topic=user.kim&token=" + kim), 401, "invalid_token", "expired");
    }

    @Test
    void targetedNotificationsReachOnlyTheirUserLiveInReplayAndHistory() throws Exception {
        String gina = mint("gina", List.of(), 60);
        String hank = mint("hank", List.of(), 60);
        long start = herald.server().log().latestId();
        try (SseClient g1 = herald.connect("/events?token=" + gina);
             SseClient g2 = herald.connect("/events?token=" + gina); // a second tab of gina
             SseClient h = herald.connect("/events?token=" + hank);
             SseClient anon = herald.connect("/events")) {
            for (SseClient c : List.of(g1, g2, h, anon)) {
                c.awaitHello();
            }
            var res = notify(OPERATOR, "{\"message\":\"for gina\",\"users\":[\"gina\",\"ivan\"]}");
            assertThat(JSON.readTree(res.body()).get("recipients").asInt()).isEqualTo(2);
            notify(OPERATOR, "{\"message\":\"for everyone\"}");
            for (SseClient c : List.of(g1, g2)) {
                assertThat(c.messages(2, Duration.ofSeconds(5))).extracting(SseEvent::data)
                        .anySatisfy(d -> assertThat(d).contains("for gina").as("whom else it went to")
                                .doesNotContain("ivan").doesNotContain("users"));
            }
            for (SseClient c : List.of(h, anon)) {
                List<SseEvent> got = c.messages(1, Duration.ofSeconds(5));
                assertThat(got.getFirst().data()).contains("for everyone");
                assertThat(c.drain(Duration.ofMillis(300))).isEmpty();
            }
        }
        // replay
        try (SseClient h = herald.connect("/events?lastEventId=" + start + "&token=" + hank);
             SseClient g = herald.connect("/events?lastEventId=" + start + "&token=" + gina)) {
            h.awaitHello();
            g.awaitHello();
            assertThat(h.drain(Duration.ofMillis(500))).extracting(SseEvent::data).noneMatch(d -> d.contains("for gina"));
            assertThat(g.drain(Duration.ofMillis(500))).extracting(SseEvent::data).anyMatch(d -> d.contains("for gina"));
        }
        // history
        assertThat(herald.get("/notifications?token=" + hank).body()).doesNotContain("for gina").contains("for everyone");
        assertThat(herald.get("/notifications").body()).doesNotContain("for gina");
        assertThat(herald.get("/notifications?token=" + gina).body()).contains("for gina").doesNotContain("ivan");
        // Operators see the audience.
        HttpResponse<String> admin = TestHerald.send(HttpRequest.newBuilder(herald.uri("/admin/notifications"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + OPERATOR).build());
        assertThat(admin.body()).contains("for gina").contains("[\"gina\",\"ivan\"]");
    }

    @Test
    void privateTopicNotificationsStayOutOfOthersHistory() throws Exception {
        notify(OPERATOR, "{\"message\":\"ivy's private note\",\"topic\":\"user.ivy\"}");
        assertThat(herald.get("/notifications").body()).doesNotContain("ivy's private note");
        // Asked for by name it is left out, not refused: the page still lists the public rest.
        assertThat(herald.get("/notifications?topic=user.ivy").statusCode()).isEqualTo(200);
        assertThat(herald.get("/notifications?topic=user.ivy").body()).doesNotContain("ivy's private note");
        String ivy = mint("ivy", List.of("user.ivy"), 60);
        assertThat(herald.get("/notifications?token=" + ivy).body()).contains("ivy's private note");
        assertThat(TestHerald.send(HttpRequest.newBuilder(herald.uri("/notifications"))
                .header("Authorization", "Bearer " + OPERATOR).build()).body()).contains("ivy's private note");
    }

    @Test
    void theClusterViewIsForOperators() throws Exception {
        // It names signed-in users and private topics, as /admin/stats does.
        assertError(herald.get("/cluster"), 401, "token_required", "operator token");
        HttpResponse<String> ok = TestHerald.send(HttpRequest.newBuilder(herald.uri("/cluster"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + OPERATOR).build());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).has("totals")).isTrue();
    }

    // Every parameter read once is a 400 when given twice with different values; token= was read as its
    // first value, so a page's URL with a stale and a fresh token signed in as whichever came first.
    @Test
    void twoDifferentTokensInTheQueryAreRefusedWithoutQuotingThem() throws Exception {
        String alice = mint("alice", List.of("user.alice"), 60);
        String bob = mint("bob", List.of(), 60);
        for (String path : new String[] {"/events?topic=user.alice", "/notifications?topic=user.alice"}) {
            HttpResponse<String> res = herald.get(path + "&token=" + bob + "&token=" + alice);
            assertError(res, 400, "invalid_query", "token=");
            assertThat(res.body()).doesNotContain(alice).doesNotContain(bob);
        }
        assertThat(herald.get("/notifications?topic=user.alice&token=" + alice + "&token=" + alice).statusCode())
                .as("the same token twice").isEqualTo(200);
        assertThat(herald.server().hub().stats().connected()).isZero();
    }
}
