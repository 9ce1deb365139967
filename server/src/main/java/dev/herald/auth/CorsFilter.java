package dev.herald.auth;

import dev.herald.http.ApiException;
import dev.herald.http.ErrorHandling;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;

/**
 * Cross-origin calls: allowed only from the configured origins (default: none, same-origin only).
 * Preflights are answered here; a request from an origin not allowed is refused with 403 rather
 * than executed and hidden from the page. An allowed origin never gets the token-less local operator.
 */
public final class CorsFilter implements Filter {
    private final List<String> origins;
    private final boolean localOperator;

    /**
     * @param localOperator no operator token is configured, so operator paths are open to direct calls from
     *                      this machine ({@link AuthFilter}); a page of another origin is not one
     */
    public CorsFilter(List<String> origins, boolean localOperator) {
        this.origins = List.copyOf(origins);
        this.localOperator = localOperator;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!origins.isEmpty()) {
            // Every answer depends on Origin once CORS is on, also one to a request without it: said only with the CORS
            // headers, a shared cache kept a file fetched without Origin and served it to an allowed page without them.
            res.header(HeaderNames.VARY, "Origin");
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null || sameOrigin(origin, req.authority())) {
            chain.proceed();
            return;
        }
        boolean listed = origins.contains(origin);
        if (!listed && !origins.contains("*")) {
            ErrorHandling.refuse(req, res, new ApiException(403, "cors_refused",
                    "origin " + origin + " is not allowed (herald.cors.origins)"));
            return;
        }
        if (listed) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        } else {
            // Any origin, so no cookies: the herald_token cookie is SameSite=Strict, but another port of this host or
            // a sibling subdomain is the same site, and read a signed-in user's notifications with it (found by a tester).
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        // Browsers hide non-safelisted headers from the page; a 429's Retry-After says when to retry.
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After");
        if (req.prologue().method() == Method.OPTIONS
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, Last-Event-ID");
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(204).send();
            return;
        }
        if (localOperator && AuthFilter.operatorPath(req.prologue().method(), req.path().path())) {
            // A page of this origin open in a browser on the server's machine calls from loopback, addressed as
            // localhost: it passed as the local operator, and being allowed, read the answers (found by a tester).
            ErrorHandling.refuse(req, res, new ApiException(403, "operator_only_local", "no operator token is configured,"
                    + " so operator calls are accepted only directly from this machine, not from a page of " + origin
                    + "; set herald.auth.operators and send the token (Authorization: Bearer)"));
            return;
        }
        chain.proceed();
    }

    private static boolean sameOrigin(String origin, String authority) {
        int scheme = origin.indexOf("://");
        return scheme > 0 && authority != null && origin.substring(scheme + 3).equalsIgnoreCase(authority);
    }
}
