package dev.herald.auth;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.herald.auth.AuthRequests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that carries two different tokens (two {@code Authorization} headers, a {@code Bearer} header beside
 * {@code ?token=} or the {@code herald_token} cookie, two such cookies) is a {@code 400 ambiguous_token}, as RFC 6750
 * asks of a request using more than one method. Until the twenty-fifth session the first header won, the header
 * before the query before the cookie, without a word; a cookie planted for a longer path by a sibling subdomain (the
 * same site) came before the page's own and signed it in as someone else. The same token twice is one token.
 */
class AmbiguousCredentialsTest {
    @RegisterExtension
    static final TestHerald herald = AuthRequests.server();

    private static final AuthRequests REQUESTS = new AuthRequests(herald, AuthRequests.OPERATOR);
    private static final String PRIVATE = "/notifications?topic=user.alice";

    /** GET with the given header pairs (name, value, name, value...). */
    private static HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(herald.uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestHerald.send(b.build());
    }

    private static void assertAmbiguous(HttpResponse<String> res, String alice, String bob) throws Exception {
        assertError(res, 400, "ambiguous_token", "send one");
        assertThat(res.body()).doesNotContain(alice).doesNotContain(bob);
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_request"));
    }

    @Test
    void twoDifferentTokensAreRefusedWhereverTheyCameFrom() throws Exception {
        String alice = REQUESTS.mint("alice", List.of("user.alice"), 60);
        String bob = REQUESTS.mint("bob", List.of(), 60);
        assertAmbiguous(get(PRIVATE, "Authorization", "Bearer " + alice, "Authorization", "Bearer " + bob), alice, bob);
        assertAmbiguous(get(PRIVATE + "&token=" + alice, "Authorization", "Bearer " + bob), alice, bob);
        assertAmbiguous(get(PRIVATE, "Authorization", "Bearer " + alice, "Cookie", "herald_token=" + bob), alice, bob);
        assertAmbiguous(get(PRIVATE + "&token=" + bob, "Cookie", "herald_token=" + alice), alice, bob);
        assertAmbiguous(get(PRIVATE, "Cookie", "herald_token=" + bob + "; herald_token=" + alice), alice, bob);
        // Before the token is checked: one of the two being no token at all is just as ambiguous.
        assertAmbiguous(get(PRIVATE + "&token=not-a-token", "Authorization", "Bearer " + alice), alice, bob);
        // The stream too, before it is opened or counted.
        assertAmbiguous(get("/events?topic=user.alice&token=" + bob, "Authorization", "Bearer " + alice), alice, bob);
        assertThat(herald.server().hub().stats().connected()).isZero();
    }

    @Test
    void theSameTokenTwiceIsOneToken() throws Exception {
        String alice = REQUESTS.mint("alice", List.of("user.alice"), 60);
        assertThat(get(PRIVATE, "Authorization", "Bearer " + alice, "Authorization", "Bearer " + alice).statusCode()).isEqualTo(200);
        assertThat(get(PRIVATE + "&token=" + alice, "Authorization", "Bearer " + alice).statusCode()).isEqualTo(200);
        assertThat(get(PRIVATE, "Authorization", "Bearer " + alice, "Cookie", "herald_token=" + alice).statusCode()).isEqualTo(200);
        assertThat(get(PRIVATE + "&token=" + alice, "Cookie", "herald_token=" + alice).statusCode()).isEqualTo(200);
    }

    @Test
    void whatIsNoBearerTokenIsNoSecondToken() throws Exception {
        String alice = REQUESTS.mint("alice", List.of("user.alice"), 60);
        // Basic credentials are a proxy's business; an empty Bearer (a client's unset variable) is no token.
        HttpResponse<String> basic = get(PRIVATE + "&token=" + alice, "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
        HttpResponse<String> empty = get(PRIVATE + "&token=" + alice, "Authorization", "Bearer ");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
        HttpResponse<String> emptyCookie = get(PRIVATE, "Authorization", "Bearer " + alice, "Cookie", "herald_token=");
        assertThat(emptyCookie.statusCode()).as(emptyCookie.body()).isEqualTo(200);
    }

    @Test
    void operatorPathsRefuseTwoDifferentBearerHeadersToo() throws Exception {
        String bob = REQUESTS.mint("bob", List.of(), 60);
        long before = herald.server().log().latestId();
        HttpRequest.Builder twice = HttpRequest.newBuilder(herald.uri("/notify")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"x\"}"));
        HttpResponse<String> res = TestHerald.send(twice.copy()
                .header("Authorization", "Bearer " + AuthRequests.OPERATOR).header("Authorization", "Bearer " + bob).build());
        assertAmbiguous(res, AuthRequests.OPERATOR, bob);
        assertThat(herald.server().log().latestId()).isEqualTo(before);
        res = TestHerald.send(twice.copy().header("Authorization", "Bearer " + AuthRequests.OPERATOR)
                .header("Authorization", "Bearer " + AuthRequests.OPERATOR).build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }
}
