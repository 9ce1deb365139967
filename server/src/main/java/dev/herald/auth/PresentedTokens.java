package dev.herald.auth;

import dev.herald.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one token a request carries: every {@code Authorization: Bearer} header, and on API reads every
 * {@code ?token=} and {@code herald_token} cookie. Two different ones are a 400 (RFC 6750 3.1: a request using
 * more than one method is an {@code invalid_request}): taking the first was a guess, and a cookie planted for a
 * longer path by a sibling subdomain (the same site) came before the page's own. The same token twice is one.
 * Other schemes ({@code Basic}, a proxy's) and blank values are no token.
 */
final class PresentedTokens {
    private PresentedTokens() {
    }

    /** The token of the Bearer headers only (operator paths). */
    static Optional<String> bearer(ServerRequest req) {
        return one(collect(req, false));
    }

    /** The token of the Bearer headers, the query and the cookie (API reads). */
    static Optional<String> anywhere(ServerRequest req) {
        return one(collect(req, true));
    }

    // token -> where it was seen, in the order read
    private static Map<String, Set<String>> collect(ServerRequest req, boolean queryAndCookie) {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (String v : req.headers().all(HeaderNames.AUTHORIZATION, List::of)) {
            if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                add(seen, v.substring(7).trim(), "an Authorization: Bearer header");
            }
        }
        if (queryAndCookie) {
            req.query().all("token", List::of).forEach(t -> add(seen, t, "?token="));
            req.headers().cookies().all("herald_token", List::of).forEach(t -> add(seen, t, "the herald_token cookie"));
        }
        return seen;
    }

    private static void add(Map<String, Set<String>> seen, String token, String where) {
        if (!token.isBlank()) {
            seen.computeIfAbsent(token, t -> new LinkedHashSet<>()).add(where);
        }
    }

    private static Optional<String> one(Map<String, Set<String>> seen) {
        if (seen.size() > 1) {
            Set<String> places = new LinkedHashSet<>();
            seen.values().forEach(places::addAll);
            // Where they came from, never the tokens themselves (an answer may end up in a log).
            throw ApiException.badRequest("ambiguous_token", "the request carries " + seen.size() + " different tokens ("
                    + (places.size() == 1 ? "two in " + places.iterator().next() : String.join(", ", places))
                    + "); send one, in one place");
        }
        return seen.keySet().stream().findFirst();
    }
}
