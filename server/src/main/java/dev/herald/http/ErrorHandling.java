package dev.herald.http;

import dev.herald.auth.AuthFilter;
import dev.herald.hub.ShuttingDown;
import dev.herald.store.EventLogException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Every error leaves as JSON {@code {"error","detail"}}: our own refusals with their status,
 * storage failures as 503, anything unexpected as 500 with its stack trace only in the log.
 */
public final class ErrorHandling {
    private static final Pattern SCRIPT_NOTE =
            Pattern.compile(",?\\s*script: [0-9a-f]+, on @user_script:\\d+\\.?");
    private static final Logger LOG = Logger.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    /** @param paths the paths this routing's listener answers, for the 404's trailing-slash hint */
    public static void register(HttpRouting.Builder routing, ListenerPaths paths) {
        routing.error(ApiException.class, (req, res, e) -> {
            if (e instanceof Limits.TooManyRequests tmr) {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(tmr.retryAfterSeconds()));
            }
            if (e instanceof Bodies.BodyException) {
                res.header(HeaderNames.CONNECTION, "close");
                BodyRefusals.mark(req); // which then closes it: Helidon itself keeps it open
            }
            refuse(req, res, e);
        });
        routing.error(EventLogException.class, (req, res, e) -> {
            LOG.log(Level.WARNING, "event log unavailable: " + e.getMessage());
            Method m = req.prologue().method();
            String what = m == Method.GET || m == Method.HEAD ? "the event log cannot be read right now; try again shortly"
                    : "the store cannot save this right now; nothing was accepted"; // a publish, a schedule, a retract
            // Only operators are told why: the store's own message names its address. Redis's note of which
            // script it ran in ("script: 29d7…, on @user_script:4") tells an operator nothing.
            refuse(req, res, new ApiException(503, "store_unavailable", AuthFilter.principal(req).isOperator()
                    ? what + ": " + SCRIPT_NOTE.matcher(e.getMessage()).replaceAll("") : what));
        });
        routing.error(ShuttingDown.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, "5");
            refuse(req, res, new ApiException(503, "shutting_down", "the server is shutting down; nothing was accepted: "
                    + "send it again in a moment (to another node, or here once it is back)"));
        });
        routing.error(RequestException.class, (req, res, e) -> refuse(req, res,
                new ApiException(e.status().code(), "bad_request", e.getMessage())));
        routing.error(HttpException.class, (req, res, e) -> {
            e.headers().forEach(res::header); // e.g. the ETag of a 304 from the static files
            int code = e.status().code();
            if (code == 304 || code == 204 || code == 205) {
                // No body allowed: the static files answer a matching If-None-Match this way, and a
                // JSON body here made Helidon turn the 304 into a 500.
                res.status(e.status());
                res.send();
                return;
            }
            // The same codes and words as before routing (JsonDirectHandler); a 404 names the path, as ours do.
            refuse(req, res, new ApiException(code, JsonDirectHandler.error(code), code == 404
                    ? paths.notFound(req.path().path()) : JsonDirectHandler.detail(code, e.getMessage())));
        });
        routing.error(Exception.class, (req, res, e) -> {
            LOG.log(Level.SEVERE, "unexpected error on " + req.prologue(), e);
            refuse(req, res, new ApiException(500, "internal_error", "unexpected server error; see the server log"));
        });
    }

    /** Sends a refusal; a HEAD gets its status and headers only (Helidon would send the body anyway). */
    public static void refuse(ServerRequest req, ServerResponse res, ApiException e) {
        if (res.isSent()) {
            return;
        }
        // A HEAD gets the length of the JSON it would have had, and no body (a client would read one as the next response).
        Responses.error(req.prologue().method() == Method.HEAD ? new BodylessResponse(res) : res, e);
    }

    /** Last route: unknown paths get a JSON 404 rather than an empty body. */
    public static Handler notFound(ListenerPaths paths) {
        return (req, res) -> {
            if (req.path().path().startsWith("/observe")) {
                res.next(); // the observe feature's routes come after ours
                return;
            }
            refuse(req, res, new ApiException(404, "not_found", paths.notFound(req.path().path())));
        };
    }

    /**
     * The route after a path's real ones: a plain {@code OPTIONS} gets 204 with {@code Allow} (as a CORS preflight to
     * the path does from {@link dev.herald.auth.CorsFilter}; it was a 405 whose Allow did not name OPTIONS), any
     * other method 405 with the same {@code Allow} (RFC 9110: what the resource supports, OPTIONS included).
     */
    public static Handler methodNotAllowed(String allowed) {
        String allow = allowed + ", OPTIONS";
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allow);
            if (req.prologue().method() == Method.OPTIONS) {
                res.status(204).send();
                return;
            }
            refuse(req, res, new ApiException(405, "method_not_allowed", "use " + allowed));
        };
    }
}
