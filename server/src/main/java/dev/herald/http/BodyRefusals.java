package dev.herald.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * A refused request body (too large, unreadable) is answered and then the connection is closed, so
 * the rest of the body is never read, least of all as the next request. Helidon 4.5 does neither by
 * itself: an answer saying {@code Connection: close} keeps the connection open and skips the rest of
 * the body, so the bytes after our answer were parsed as a new request, and a body could carry a
 * whole second {@code POST /notify} (request smuggling; found by a README audit). Error handlers cannot
 * close a connection (Helidon logs and swallows what they throw) and a route's exception never reaches
 * a filter (Helidon hands it to the error handlers first), but a filter can close it, by throwing
 * {@link CloseConnectionException} once the error handler has sent the answer and marked the request.
 */
public final class BodyRefusals implements Filter {
    /** What the error handler leaves in the request's context when it answers a refused body. */
    record Refused() {
    }

    static void mark(ServerRequest req) {
        req.context().register(new Refused());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (req.context().get(Refused.class).isPresent()) {
            throw new CloseConnectionException("request body refused; the rest of it is not read");
        }
        // Helidon skips an unread body in two more cases, and then parses it as the next request: when the
        // client asked to close (Helidon then keeps the connection open all the same), and after an
        // Expect: 100-continue it never answered with 100 (it assumes no body follows). Found by a
        // security pass; through an nginx sending "Connection: close" upstream a remote client's body
        // became a loopback POST /notify. Close in both cases, as the client asked or as is safe.
        if (req.headers().containsToken(HeaderValues.CONNECTION_CLOSE)
                || (req.headers().containsToken(HeaderValues.EXPECT_100) && !req.continueSent()
                        && req.content().hasEntity() && !req.content().consumed())) {
            throw new CloseConnectionException("the client asked to close, or its body was never asked for");
        }
    }
}
