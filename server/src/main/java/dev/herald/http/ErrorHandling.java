package dev.herald.http;

import dev.herald.store.EventLogException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error leaves as JSON {@code {"error","detail"}}: our own refusals with their status,
 * storage failures as 503, anything unexpected as 500 with its stack trace only in the log.
 */
public final class ErrorHandling {
    private static final Logger LOG = Logger.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> {
            if (e instanceof Limits.TooManyRequests tmr) {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(tmr.retryAfterSeconds()));
            }
            if (e instanceof Bodies.BodyException) {
                res.header(HeaderNames.CONNECTION, "close"); // Helidon skips reading the rest of the body then
            }
            send(res, e);
        });
        routing.error(EventLogException.class, (req, res, e) -> {
            LOG.log(Level.WARNING, "event log unavailable: " + e.getMessage());
            send(res, new ApiException(503, "store_unavailable",
                    "the event log cannot store right now; nothing was accepted: " + e.getMessage()));
        });
        routing.error(RequestException.class, (req, res, e) -> send(res,
                new ApiException(e.status().code(), "bad_request", e.getMessage())));
        routing.error(HttpException.class, (req, res, e) -> send(res, new ApiException(e.status().code(),
                e.status().code() == 404 ? "not_found" : "http_error", e.getMessage())));
        routing.error(Exception.class, (req, res, e) -> {
            LOG.log(Level.SEVERE, "unexpected error on " + req.prologue(), e);
            send(res, new ApiException(500, "internal_error", "unexpected server error; see the server log"));
        });
    }

    private static void send(ServerResponse res, ApiException e) {
        if (res.isSent()) {
            return;
        }
        Responses.error(res, e);
    }

    /** Last route: unknown paths get a JSON 404 rather than an empty body. */
    public static void notFound(ServerRequest req, ServerResponse res) {
        if (req.path().path().startsWith("/observe")) {
            res.next(); // the observe feature's routes come after ours
            return;
        }
        send(res, new ApiException(404, "not_found", "no such resource: " + req.path().path()));
    }

    /** A known path used with the wrong method. */
    public static void methodNotAllowed(ServerResponse res, String allowed) {
        res.header(HeaderNames.ALLOW, allowed);
        send(res, new ApiException(405, "method_not_allowed", "use " + allowed));
    }
}
