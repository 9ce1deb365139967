package dev.herald.auth;

import dev.herald.http.ApiException;
import dev.herald.http.ErrorHandling;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides who the caller is before any route runs, and refuses what they may not do:
 * operator paths ({@code /notify}, {@code /admin}, {@code /cluster}) need an operator token (or, with none configured,
 * a direct call from this machine); API reads take an optional subscriber token from
 * {@code Authorization: Bearer}, {@code ?token=} or the {@code herald_token} cookie.
 * The resulting {@link Principal} is put in the request context for the services.
 */
public final class AuthFilter implements Filter {
    // Any of these says a proxy passed the request on: its client is not this machine's user.
    private static final List<HeaderName> PROXY_SIGNS = Stream.of("Forwarded", "X-Forwarded-For", "X-Real-IP",
            "X-Forwarded-Host", "X-Forwarded-Proto", "Via").map(HeaderNames::create).toList();
    private final Auth auth;

    public AuthFilter(Auth auth) {
        this.auth = auth;
    }

    /** The caller as decided by this filter (anonymous when the filter did not run). */
    public static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class).orElse(Principal.ANONYMOUS);
    }

    /** Whether a path is for operators only. */
    public static boolean operatorPath(Method method, String path) {
        return path.equals("/notify") || path.startsWith("/notify/") || path.equals("/admin") || path.startsWith("/admin/")
                || path.equals("/cluster") || path.startsWith("/cluster/") // user ids and private topic names
                || (method == Method.DELETE && path.startsWith("/notifications/"));
    }

    private static boolean apiReadPath(String path) {
        return path.equals("/events") || path.startsWith("/events/") || path.equals("/receipts") || path.equals("/notifications")
                || path.startsWith("/notifications/");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        try {
            if (req.prologue().method() != Method.OPTIONS) {
                if (operatorPath(req.prologue().method(), path)) {
                    req.context().register(operator(req));
                } else if (apiReadPath(path)) {
                    req.context().register(reader(req));
                }
            }
        } catch (ApiException e) {
            if (e.status() == 401) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"herald\"");
            } else if (e.error().equals("ambiguous_token")) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"herald\", error=\"invalid_request\"");
            }
            ErrorHandling.refuse(req, res, e);
            return;
        }
        chain.proceed();
    }

    private Principal operator(ServerRequest req) {
        Optional<String> bearer = PresentedTokens.bearer(req);
        if (!auth.operators().configured()) {
            if (directLoopback(req)) {
                return Principal.operator("loopback");
            }
            throw new ApiException(403, "operator_only_local",
                    "no operator token is configured, so operator calls are accepted from this machine only, addressed"
                            + " to localhost, 127.0.0.1 or [::1] (not by another host name: a web page could reach this"
                            + " server through DNS rebinding) and not through a proxy; set herald.auth.operators to"
                            + " publish over the network");
        }
        if (bearer.isEmpty()) {
            throw new ApiException(401, "token_required", "this endpoint needs an operator token: Authorization: Bearer <token>");
        }
        String key = auth.operators().match(bearer.get());
        if (key != null) {
            return Principal.operator(key);
        }
        try {
            auth.subscribers().verify(bearer.get());
            throw new ApiException(403, "forbidden", "a subscriber token cannot publish or administer; use an operator token");
        } catch (SubscriberTokens.InvalidToken e) {
            throw new ApiException(401, "invalid_token", "not a valid operator token");
        }
    }

    private Principal reader(ServerRequest req) {
        // Read once, like every parameter: the first of two different tokens was a guess (not quoted back).
        if (req.query().all("token", List::of).stream().distinct().count() > 1) {
            throw ApiException.badRequest("invalid_query", "token= is given more than once with different values; send one");
        }
        Optional<String> token = PresentedTokens.anywhere(req);
        if (token.isEmpty()) {
            if (!auth.anonymousAllowed()) {
                throw new ApiException(401, "token_required", "this server needs a subscriber token (Bearer, ?token= or herald_token cookie)");
            }
            return Principal.ANONYMOUS;
        }
        if (auth.operators().configured()) {
            String key = auth.operators().match(token.get());
            if (key != null) {
                return Principal.operator(key);
            }
        }
        try {
            return auth.subscribers().verify(token.get());
        } catch (SubscriberTokens.InvalidToken e) {
            ApiException refused = new ApiException(401, "invalid_token", e.getMessage());
            // Tells the page whether going on without the token could work (public topics), or not.
            throw auth.anonymousAllowed() ? refused : refused.with("anonymous", "off");
        }
    }

    // A proxy on this machine makes every caller look local: forwarded requests never count as local.
    private static boolean directLoopback(ServerRequest req) {
        if (PROXY_SIGNS.stream().anyMatch(req.headers()::contains)) {
            return false;
        }
        return req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null
                && a.getAddress().isLoopbackAddress() && LoopbackHost.named(req.headers().first(HeaderNames.HOST).orElse(""));
    }
}
