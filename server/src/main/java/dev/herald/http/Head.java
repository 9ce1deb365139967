package dev.herald.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;

/**
 * HEAD wherever GET works (RFC 9110 §9.3.2): the same status and headers, no body. Uptime
 * monitors and link checkers ask this way; Helidon routes HEAD only where it is registered.
 */
public final class Head {
    private Head() {
    }

    /** Answers HEAD with a GET handler that sends its body whole (all JSON answers do). */
    public static Handler of(Handler get) {
        return (req, res) -> get.handle(req, new BodylessResponse(res));
    }

    /** The head every event stream starts with; HEAD on a stream's path gets it and no stream. */
    public static void eventStream(ServerResponse res) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        // Tells nginx not to buffer the stream (each event must reach the browser at once).
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
    }
}
