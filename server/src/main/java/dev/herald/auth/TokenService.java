package dev.herald.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.http.ApiException;
import dev.herald.http.Bodies;
import dev.herald.http.ErrorHandling;
import dev.herald.http.JsonBody;
import dev.herald.http.JsonNumbers;
import dev.herald.http.Responses;
import dev.herald.notify.NotificationRequest;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /admin/tokens} (operators): mints a subscriber token for a user and the private topic
 * patterns they may read, so an application backend can hand it to a browser.
 */
public final class TokenService implements HttpService {
    private static final long MAX_TTL = 30L * 24 * 3600;
    private static final Set<String> FIELDS = Set.of("user", "topics", "ttl");
    private final SubscriberTokens tokens;

    public TokenService(SubscriberTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::mint)
                .any("/", ErrorHandling.methodNotAllowed("POST"));
    }

    private void mint(ServerRequest req, ServerResponse res) {
        Bodies.requireJson(req);
        JsonNode body = JsonBody.parse(Bodies.read(req, 16 * 1024));
        if (!body.isObject()) {
            throw ApiException.badRequest("invalid_body", "body must be {\"user\":\"...\",\"topics\":[...],\"ttl\":3600}");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                // A typo ("topic") would otherwise mint a token without the access it was meant to give.
                throw ApiException.badRequest("unknown_field", "unknown field \"" + f + "\"; allowed: user, topics, ttl");
            }
        }
        JsonNode user = body.get("user");
        if (user == null || user.isNull()) {
            throw ApiException.badRequest("missing_user", "\"user\" is required: the user id the token signs in as");
        }
        // A lone surrogate cannot be signed as UTF-8: the token said "?", another user than the one asked for.
        if (!user.isTextual() || !Users.valid(JsonBody.requireWholeText("user", user.textValue()))) {
            throw ApiException.badRequest("invalid_user", Users.RULE);
        }
        List<String> topics = new ArrayList<>();
        JsonNode t = body.get("topics");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw ApiException.badRequest("invalid_type", "\"topics\" must be an array of topic patterns");
            }
            for (JsonNode p : t) {
                if (!p.isTextual() || !p.textValue().matches("[A-Za-z0-9_.:*-]{1,64}")) {
                    throw ApiException.badRequest("invalid_topic", "topic patterns are [A-Za-z0-9_.:-] with * wildcards, 1-64 characters");
                }
                topics.add(p.textValue());
            }
        }
        JsonNode ttl = body.get("ttl");
        long seconds = 3600;
        if (ttl != null && !ttl.isNull()) {
            Long whole = JsonNumbers.whole(ttl, 1, MAX_TTL); // 3600, 3600.0 and 3.6e3 alike
            if (whole == null) {
                throw ApiException.badRequest("invalid_ttl", "\"ttl\" must be whole seconds from 1 to " + MAX_TTL);
            }
            seconds = whole;
        }
        SubscriberTokens.Minted minted = tokens.mint(user.textValue(), topics, Duration.ofSeconds(seconds));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", minted.token());
        out.put("user", user.textValue());
        out.put("topics", topics);
        // With milliseconds like every other time in the API (Instant.toString drops a zero fraction).
        out.put("expires", NotificationRequest.TIME.format(minted.expires()));
        Responses.json(res, 201, out);
    }
}
