package dev.herald.events;

import dev.herald.auth.Auth;
import dev.herald.auth.AuthFilter;
import dev.herald.auth.Principal;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Limits;
import dev.herald.http.Query;
import dev.herald.hub.ConnectionInfo;
import dev.herald.hub.Hub;
import dev.herald.hub.StreamSession;
import dev.herald.notify.Topics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Set;

/**
 * {@code GET /events}: the Server-Sent Events stream. Translates the request into a subscription
 * and hands the response stream to a {@link StreamSession}; this request's own (virtual) thread
 * stays in it, parked on the socket ({@link DisconnectWatcher}), until the stream ends. SSE is written by hand (Helidon's SseSink never sends
 * {@code retry:} and is not thread-safe).
 */
public final class EventsService implements HttpService {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HeaderName ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");

    private final Hub hub;
    private final Auth auth;
    private final boolean trustProxy;
    private final StreamSession.Settings settings;

    public EventsService(Hub hub, Auth auth, boolean trustProxy, StreamSession.Settings settings) {
        this.hub = hub;
        this.trustProxy = trustProxy;
        this.auth = auth;
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::subscribe)
                .any("/", ErrorHandling.methodNotAllowed("GET"));
    }

    private void subscribe(ServerRequest req, ServerResponse res) {
        Set<String> topics = topics(req);
        Long lastEventId = lastEventId(req);
        Principal who = AuthFilter.principal(req);
        auth.topics().requireReadable(who, topics);
        String ip = clientAddress(req);
        String limitedIp = auth.limited(ip) ? ip : "local";
        if (auth.limited(ip)) {
            Limits.check(auth.connectRate(), ip, "connect rate for " + ip);
        }
        String refused = auth.connections().acquire(limitedIp, who.user());
        if (refused != null) {
            throw new Limits.TooManyRequests(refused, 5);
        }
        try {
            stream(req, res, topics, lastEventId, who, ip);
        } finally {
            auth.connections().release(limitedIp, who.user());
        }
    }

    private void stream(ServerRequest req, ServerResponse res, Set<String> topics, Long lastEventId, Principal who,
                        String ip) {
        // First: the watcher also frees Helidon's 8 KB read buffer, which a reconnect storm would
        // otherwise keep for every connection waiting for its setup slot.
        DisconnectWatcher watcher = DisconnectWatcher.of(req);
        if (watcher != null) {
            // After the last chunk is out (Helidon writes it once this handler returns), also when
            // the stream never starts (shutdown): the connection's read buffer is small from here on.
            res.whenSent(watcher::closeConnection);
        }
        ConnectionInfo info = new ConnectionInfo(topics, who.user(), ip,
                req.headers().first(HeaderNames.USER_AGENT).orElse(null), hub.clock().instant());
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(ACCEL_BUFFERING, "no");
        // One stream per connection: when it ends, the connection ends (see DisconnectWatcher).
        res.header(HeaderNames.CONNECTION, "close");
        // Subscribes on the stream's setup thread, once it holds a setup slot (Hub.startSetup).
        new StreamSession(hub, () -> hub.subscribe(info), lastEventId, settings).run(res.outputStream(), watcher);
    }

    private String clientAddress(ServerRequest req) {
        if (trustProxy) {
            var forwarded = req.headers().first(HeaderNames.X_FORWARDED_FOR);
            if (forwarded.isPresent() && !forwarded.get().isBlank()) {
                return forwarded.get().split(",")[0].trim();
            }
        }
        return req.remotePeer().host();
    }

    /** {@code topic=a&topic=b} or {@code topic=a,b}; the broadcast topic when none. */
    static Set<String> topics(ServerRequest req) {
        Set<String> topics = Topics.parse(req.query().all("topic", List::of));
        topics.add(Topics.DEFAULT);
        return topics;
    }

    /** From the Last-Event-ID header (browsers on reconnect) or {@code lastEventId=} (first connect). */
    static Long lastEventId(ServerRequest req) {
        String raw = req.headers().first(LAST_EVENT_ID)
                .or(() -> req.query().first("lastEventId").asOptional())
                .map(String::trim)
                .orElse("");
        if (raw.isEmpty()) {
            return null;
        }
        return Query.id(raw, "invalid_last_event_id",
                "Last-Event-ID must be a non-negative whole number (an id this server sent)");
    }
}
