package dev.herald.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;

import static dev.herald.auth.AuthRequests.assertError;
import static dev.herald.auth.AuthRequests.sign;
import static org.assertj.core.api.Assertions.assertThat;

/** Minting subscriber tokens ({@code POST /admin/tokens}) and the user ids it and publishing take, against a real server. */
class TokenMintingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = AuthRequests.OPERATOR;
    private static final String SECRET = AuthRequests.SECRET;

    @RegisterExtension
    static final TestHerald herald = AuthRequests.server();
    private static final AuthRequests REQUESTS = new AuthRequests(herald, OPERATOR);

    @Test
    void mintingIsForOperatorsAndValidatesItsInput() throws Exception {
        HttpResponse<String> anon = herald.post("/admin/tokens", "application/json", "{\"user\":\"x\"}");
        assertError(anon, 401, "token_required", null);
        assertError(REQUESTS.mintRequest("{\"user\":\"\"}"), 400, "invalid_user", null);
        assertError(REQUESTS.mintRequest("{\"user\":\"a\",\"ttl\":0}"), 400, "invalid_ttl", null);
        assertError(REQUESTS.mintRequest("{\"user\":\"a\",\"topics\":[\"a b\"]}"), 400, "invalid_topic", null);
        assertError(REQUESTS.notify(OPERATOR, "{\"message\":\"x\",\"user\":\"\"}"), 400, "invalid_user", null);
        assertError(REQUESTS.notify(OPERATOR, "{\"message\":\"x\",\"users\":[\"ok\",\"bad\\nid\"]}"), 400, "invalid_user", null);
    }

    /**
     * C1 controls, bidirectional overrides and isolates, line and paragraph separators: refused in a user id
     * wherever it enters, as titles refuse them. Until the twenty-third session only C0 and DEL were (a tester's
     * find): an id holding U+202E shows what follows it reversed wherever the id is shown.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\\u0085", "\\u009b", "\\u202e", "\\u202a", "\\u2066", "\\u2069", "\\u2028", "\\u2029"})
    void userIdsRefuseWhatTitlesRefuseWhereverTheyEnter(String escaped) throws Exception {
        String id = "bob" + escaped + "exe";
        assertError(REQUESTS.notify(OPERATOR, "{\"message\":\"x\",\"user\":\"" + id + "\"}"), 400, "invalid_user", "bidirectional");
        assertError(REQUESTS.notify(OPERATOR, "{\"message\":\"x\",\"users\":[\"ok\",\"" + id + "\"]}"), 400, "invalid_user", "got \"" + id);
        assertError(REQUESTS.mintRequest("{\"user\":\"" + id + "\"}"), 400, "invalid_user", "separators");
        String sub = JSON.readTree("\"" + id + "\"").textValue();
        String token = sign(new JWTClaimsSet.Builder().subject(sub)
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build(), SECRET);
        assertError(herald.get("/events?token=" + token), 401, "invalid_token", "subject");
        assertThat(herald.server().hub().stats().connected()).isZero();
    }

    // A lone surrogate in a minted token's user was signed as "?" (UTF-8 cannot carry it): the token
    // signed in as another user than the one asked for, while POST /notify refused the same id.
    @Test
    void aMintedTokensUserWithALoneSurrogateIsRefusedNotSignedAsAnotherUser() throws Exception {
        for (String user : new String[] {"\\ud800", "bob\\udc00"}) {
            HttpResponse<String> res = REQUESTS.mintRequest("{\"user\":\"" + user + "\"}");
            assertError(res, 400, "invalid_text", "lone surrogate");
            assertError(REQUESTS.notify(OPERATOR, "{\"message\":\"x\",\"user\":\"" + user + "\"}"), 400, "invalid_text", "lone surrogate");
        }
    }

    // Every other time in the API has milliseconds ("…:52:18.000Z"); a token's expires had none, which a
    // client parsing one fixed layout for Herald's times refused.
    @Test
    void aMintedTokensExpiryIsWrittenLikeEveryOtherTime() throws Exception {
        HttpResponse<String> res = REQUESTS.mintRequest("{\"user\":\"alice\",\"ttl\":60}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        String expires = JSON.readTree(res.body()).get("expires").asText();
        String published = JSON.readTree(REQUESTS.notify(OPERATOR, "{\"message\":\"x\"}").body()).get("time").asText();
        String layout = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
        assertThat(published).matches(layout);
        assertThat(expires).matches(layout);
        assertThat(Instant.parse(expires)).isBetween(Instant.now().plusSeconds(55), Instant.now().plusSeconds(61));
    }
}
