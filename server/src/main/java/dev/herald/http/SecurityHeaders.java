package dev.herald.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Map;

/**
 * Defence in depth on every answer the routes give, the web client's files and the API's JSON alike:
 * no MIME sniffing, no framing by other sites (clickjacking the page's buttons), no address of the page
 * (its {@code ?topic=} names) sent to the sites its links open, and the page's Content-Security-Policy.
 * The page works without them: it puts text in with {@code textContent} and loads nothing from elsewhere.
 */
public final class SecurityHeaders implements Filter {
    /**
     * What index.html's {@code <meta http-equiv>} says, word for word ({@code SecurityHeadersTest} compares
     * them): the page's own origin only. The page talks to the origin that served it (relative URLs), so
     * {@code 'self'} holds behind a proxy too; a copy of the files served by another site has only the meta.
     */
    public static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
    /** A meta tag cannot say frame-ancestors (browsers ignore it there): only the header can. */
    public static final String POLICY = PAGE_POLICY + "; frame-ancestors 'none'";
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");

    /** The headers and their values, for answers made outside routing too ({@code JsonDirectHandler}). */
    static final Map<HeaderName, String> ALL = Map.of(
            HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff",
            CSP, POLICY,
            FRAME_OPTIONS, "DENY", // for browsers older than frame-ancestors
            REFERRER_POLICY, "no-referrer");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        ALL.forEach(res::header);
        chain.proceed();
    }
}
