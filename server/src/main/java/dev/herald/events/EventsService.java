package dev.herald.events;

import dev.herald.auth.Auth;
import dev.herald.auth.AuthFilter;
import dev.herald.auth.ConnectionLimits;
import dev.herald.auth.Principal;
import dev.herald.http.AccessLog;
import dev.herald.http.ApiException;
import dev.herald.http.ClientAddress;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Head;
import dev.herald.http.Limits;
import dev.herald.http.Query;
import dev.herald.hub.ConnectionInfo;
import dev.herald.hub.ConnectionListener;
import dev.herald.hub.Hub;
import dev.herald.hub.SseFrame;
import dev.herald.hub.StreamSession;
import dev.herald.hub.Subscriber;
import dev.herald.notify.Topics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events}: the Server-Sent Events stream. Translates the request into a subscription
 * and hands the response to a {@link StreamSession}. Once Helidon has written the head, the stream
 * takes the connection over ({@link DetachedConnection}) and Helidon's thread returns; where that
 * does not apply (TLS, HTTP/2, herald.events.detach=false, Helidon's caps) this request's thread stays
 * in the stream, parked on the socket ({@link DisconnectWatcher}), until it ends. SSE is written by
 * hand (Helidon's SseSink never sends {@code retry:} and is not thread-safe).
 */
public final class EventsService implements HttpService {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final Hub hub;
    private final Auth auth;
    private final boolean trustProxy;
    private final StreamSession.Settings settings;
    private final boolean detach;
    // The threads of the streams taken over from Helidon; null when none are.
    private final StreamPump pump;
    private final Map<Subscriber, DetachedConnection> bySubscriber = new ConcurrentHashMap<>();

    /**
     * @param detach take each stream's connection over from Helidon once its head is out
     *               ({@link DisconnectWatcher#detach}); false keeps every stream on Helidon's thread
     */
    public EventsService(Hub hub, Auth auth, boolean trustProxy, StreamSession.Settings settings, boolean detach,
                         Duration linger) {
        this.hub = hub;
        this.detach = detach;
        this.trustProxy = trustProxy;
        this.auth = auth;
        this.settings = settings;
        this.pump = detach ? new StreamPump(Runtime.getRuntime().availableProcessors(), linger.toNanos()) : null;
        hub.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(Subscriber subscriber) {
            }

            @Override
            public void disconnected(Subscriber subscriber, Subscriber.CloseReason reason) {
                closed(subscriber, reason);
            }
        });
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::subscribe)
                .head("/", this::head)
                .any("/", ErrorHandling.methodNotAllowed("GET, HEAD"));
    }

    /**
     * The same checks and head as a GET, and no stream: no slot, no subscriber, no connection kept. A
     * full server or a caller at its share of streams is refused as a GET would be (the connect rate is
     * not spent on a HEAD).
     */
    private void head(ServerRequest req, ServerResponse res) {
        Query.refuseNearMisses(req, QUERY);
        lastEventId(req);
        heartbeatEvents(req);
        Principal who = AuthFilter.principal(req);
        auth.topics().requireReadable(who, topics(req));
        String ip = clientAddress(req);
        ConnectionLimits.Refusal refused = auth.connections().check(limitKey(ip), who.user());
        if (refused != null) {
            throw refusal(refused);
        }
        Head.eventStream(res);
        res.send();
    }

    private static Limits.TooManyRequests refusal(ConnectionLimits.Refusal refused) {
        return refused.serverFull() ? Limits.TooManyRequests.serverFull(refused.detail(), 5)
                : new Limits.TooManyRequests(refused.detail(), 5);
    }

    private void subscribe(ServerRequest req, ServerResponse res) throws IOException {
        Query.refuseNearMisses(req, QUERY);
        Set<String> topics = topics(req);
        Long lastEventId = lastEventId(req);
        boolean heartbeatEvents = heartbeatEvents(req);
        Principal who = AuthFilter.principal(req);
        auth.topics().requireReadable(who, topics);
        String ip = clientAddress(req);
        String limitedIp = limitKey(ip);
        if (auth.limited(ip)) {
            Limits.check(auth.connectRate(), limitedIp, "connect rate for " + limitedIp);
        }
        ConnectionLimits.Refusal refused = auth.connections().acquire(limitedIp, who.user());
        if (refused != null) {
            throw refusal(refused);
        }
        // Once only: a stream whose setup failed after its connection was handed over is released here and by
        // its connection's close, and a second release would raise the total for good.
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                auth.connections().release(limitedIp, who.user());
            }
        };
        boolean handedOver = false;
        try {
            handedOver = stream(req, res, topics, lastEventId, heartbeatEvents, who, ip, release);
            if (handedOver) {
                // Helidon must not read or answer anything more on this connection: a request the client
                // pipelined after its GET is already in Helidon's buffer and would run on the dummy socket.
                throw DisconnectWatcher.takenOver();
            }
        } finally {
            if (!handedOver) {
                release.run();
            }
        }
    }

    /** @return true when the stream went on on a connection of its own, which calls {@code release} at its end */
    private boolean stream(ServerRequest req, ServerResponse res, Set<String> topics, Long lastEventId,
                           boolean heartbeatEvents, Principal who, String ip, Runnable release) throws IOException {
        // First: the watcher also frees Helidon's 8 KB read buffer, which a reconnect storm would
        // otherwise keep for every connection waiting for its setup slot.
        DisconnectWatcher watcher = DisconnectWatcher.of(req);
        ConnectionInfo info = new ConnectionInfo(topics, who.user(), ip,
                req.headers().first(HeaderNames.USER_AGENT).orElse(null), hub.clock().instant(), who.expires());
        Head.eventStream(res);
        // One stream per connection: when it ends, the connection ends (see DisconnectWatcher).
        res.header(HeaderNames.CONNECTION, "close");
        OutputStream out = res.outputStream();
        // HTTP/1.1 only: one connection, one stream (an HTTP/2 connection carries other requests too).
        boolean takeOver = detach && watcher != null && "1.1".equals(req.prologue().protocolVersion());
        DetachedConnection detached;
        try {
            detached = !takeOver ? null : watcher.detach(out, SseFrame.retry(settings.retry().toMillis()), pump);
        } catch (IOException | UncheckedIOException gone) {
            // The client left before its head was out (or the take-over broke the connection): nothing to answer.
            throw new CloseConnectionException("client gone before its stream started", gone);
        }
        // Either way the stream subscribes on its setup thread, once it holds a setup slot (Hub.startSetup).
        if (detached != null) {
            // Helidon's thread returns now; the setup runs on a short-lived thread, then no thread waits for the stream.
            AccessLog.Line logLine = AccessLog.defer(req); // logged at the end, with the stream's length
            detached.onClose(logLine == null ? release : () -> {
                logLine.log(200);
                release.run();
            });
            StreamSession session = new StreamSession(hub, () -> track(hub.subscribe(info), detached), lastEventId,
                    settings).retrySent().heartbeatEvents(heartbeatEvents);
            Thread.ofVirtual().start(() -> session.start(detached.output(), detached));
            return true;
        }
        if (watcher != null) {
            // After the last chunk is out (Helidon writes it once this handler returns), also when
            // the stream never starts (shutdown): the connection's read buffer is small from here on.
            res.whenSent(watcher::closeConnection);
        }
        new StreamSession(hub, () -> hub.subscribe(info), lastEventId, settings).heartbeatEvents(heartbeatEvents)
                .run(out, watcher);
        return false;
    }

    // A taken-over stream's subscriber, so that dropping or kicking it can also cut its connection.
    private Subscriber track(Subscriber s, DetachedConnection c) {
        bySubscriber.put(s, c);
        if (s.closeReason() != null) {
            closed(s, s.closeReason()); // dropped or kicked before it was tracked
        }
        return s;
    }

    /**
     * A dropped (too slow), kicked or expired client gets its last bytes and the end of the stream from its
     * writer, unless that writer is stuck in a write because the client stopped reading: then nothing
     * would ever end the connection, and its file descriptor, thread and connection slot would stay.
     * One heartbeat interval after the drop, a connection still open is cut.
     */
    private void closed(Subscriber s, Subscriber.CloseReason reason) {
        DetachedConnection c = bySubscriber.remove(s);
        if (c != null && reason != Subscriber.CloseReason.CLIENT_GONE && reason != Subscriber.CloseReason.SHUTDOWN) {
            c.abortUnlessClosedWithin(settings.heartbeat());
        }
    }

    /** Open streams on connections taken over from Helidon. */
    public int detachedStreams() {
        return pump == null ? 0 : pump.open().size();
    }

    /** How often a taken-over stream's socket was full, so its write waited for room. */
    public long writesThatWaited() {
        return pump == null ? 0 : pump.waits();
    }

    /**
     * Ends the connections taken over from Helidon (its stop does not see them). Called after the hub
     * closed, which ends every subscribed stream with a proper last chunk: this waits a moment for
     * those, then cuts what is left (streams still in setup).
     */
    public void close() {
        if (pump == null) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!pump.open().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pump.open().forEach(DetachedConnection::closeChannel);
        pump.close();
    }

    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(2);

    private String clientAddress(ServerRequest req) {
        return ClientAddress.of(req, trustProxy);
    }

    // What the per-IP limits count this client as (an IPv6 /64), or "local" when they do not apply to it.
    private String limitKey(String ip) {
        return auth.limited(ip) ? ClientAddress.limitKey(ip) : "local";
    }

    // What GET /events reads from the query (token: AuthFilter).
    private static final List<String> QUERY = List.of("topic", "lastEventId", "token", "heartbeat");

    /** {@code heartbeat=event}: heartbeats as events a browser hears; {@code comment} (the default): comment lines. */
    static boolean heartbeatEvents(ServerRequest req) {
        String raw = Query.single(req, "heartbeat").orElse("comment");
        return switch (raw.trim()) {
            case "event" -> true;
            case "comment" -> false;
            default -> throw ApiException.badRequest("invalid_query", "heartbeat= takes event or comment, not " + raw);
        };
    }

    /** {@code topic=a&topic=b} or {@code topic=a,b}; the broadcast topic when none. */
    static Set<String> topics(ServerRequest req) {
        Set<String> topics = Topics.parse(req.query().all("topic", List::of));
        topics.add(Topics.DEFAULT);
        return topics;
    }

    /** From the Last-Event-ID header (browsers on reconnect) or {@code lastEventId=} (first connect). */
    static Long lastEventId(ServerRequest req) {
        String raw = Query.single(req.headers().all(LAST_EVENT_ID, List::of), "Last-Event-ID", "invalid_last_event_id")
                .or(() -> Query.single(req.query().all("lastEventId", List::of), "lastEventId=", "invalid_last_event_id"))
                .map(String::strip) // spaces only: trim() also dropped control characters (5%00 was 5)
                .orElse("");
        if (raw.isEmpty()) {
            return null;
        }
        return Query.id(raw, "invalid_last_event_id",
                "Last-Event-ID must be a non-negative whole number (an id this server sent)");
    }
}
