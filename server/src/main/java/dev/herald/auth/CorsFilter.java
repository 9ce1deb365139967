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
 * than executed and hidden from the page.
 */
public final class CorsFilter implements Filter {
    private final List<String> origins;

    public CorsFilter(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null || sameOrigin(origin, req.authority())) {
            chain.proceed();
            return;
        }
        boolean allowed = origins.contains("*") || origins.contains(origin);
        if (!allowed) {
            ErrorHandling.refuse(req, res, new ApiException(403, "cors_refused",
                    "origin " + origin + " is not allowed (herald.cors.origins)"));
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        res.header(HeaderNames.VARY, "Origin");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
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
        chain.proceed();
    }

    private static boolean sameOrigin(String origin, String authority) {
        int scheme = origin.indexOf("://");
        return scheme > 0 && authority != null && origin.substring(scheme + 3).equalsIgnoreCase(authority);
    }
}
