package dev.herald;

import dev.herald.admin.AdminService;
import dev.herald.auth.Auth;
import dev.herald.auth.AuthFilter;
import dev.herald.auth.ConnectionLimits;
import dev.herald.auth.CorsFilter;
import dev.herald.auth.RateLimiter;
import dev.herald.auth.TokenService;
import dev.herald.cluster.ClusterPresence;
import dev.herald.cluster.ClusterService;
import dev.herald.cluster.SharedTokenKey;
import dev.herald.config.AuthSettings;
import dev.herald.config.DataDirLock;
import dev.herald.config.HeraldSettings;
import dev.herald.config.JwtSecretFile;
import dev.herald.config.ListenerFailures;
import dev.herald.config.ObserveSettings;
import dev.herald.config.ServerSettings;
import dev.herald.config.StartSettings;
import dev.herald.config.StartupErrors;
import dev.herald.http.AccessLog;
import dev.herald.http.BodyRefusals;
import dev.herald.http.ClientGoneFilter;
import dev.herald.events.EventsService;
import dev.herald.http.ErrorHandling;
import dev.herald.http.ListenerKeeper;
import dev.herald.http.ListenerPaths;
import dev.herald.http.SecurityHeaders;
import dev.herald.http.WebFiles;
import dev.herald.hub.Hub;
import dev.herald.hub.StreamSession;
import dev.herald.lifecycle.Lifecycle;
import dev.herald.lifecycle.LifecycleAdminService;
import dev.herald.lifecycle.LifecycleService;
import dev.herald.lifecycle.ReceiptsService;
import dev.herald.lifecycle.ScheduledStore;
import dev.herald.notify.HistoryService;
import dev.herald.notify.NotifyService;
import dev.herald.observe.Draining;
import dev.herald.observe.HeraldMetrics;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import dev.herald.store.RedisEndpoint;
import dev.herald.store.RedisEventLog;
import dev.herald.store.SqliteEventLog;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One running Herald: event log, hub, HTTP server. Built by hand from config (no DI), so tests
 * start the very same thing on a random port.
 */
public final class HeraldServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HeraldServer.class.getName());
    private final EventLog log;
    private final Hub hub;
    private final HeraldMetrics metrics;
    private final ClusterPresence presence;
    private final Lifecycle lifecycle;
    private final EventsService events;
    private final ListenerKeeper server;
    private volatile int port;
    private final ObserveSettings observe;
    private final DataDirLock dataLock;
    private final Draining draining;

    private HeraldServer(Config config) {
        StartSettings start = StartSettings.read(config); // every bad setting named at once, before anything opens
        HeraldSettings settings = start.herald();
        this.observe = start.observe();
        this.dataLock = DataDirLock.acquire(settings.dataDir());
        // What the start opened so far, closed newest first when a later step fails: a refused scheduled.db
        // left herald.db's writer open, and a failure after the counts started left their thread running.
        Deque<AutoCloseable> opened = new ArrayDeque<>(List.of(dataLock));
        try {
            AuthSettings authSettings = start.auth().keyed(settings.dataDir());
            Auth auth = createAuth(authSettings);
            this.log = opened(opened, openLog(settings));
            this.hub = opened(opened, new Hub(log, settings.queueCapacity(), Clock.systemUTC(), settings.recentEvents()));
            this.draining = new Draining(observe.shutdownDelay(), hub::isClosed);
            String host = hostName();
            ScheduledStore scheduled = opened(opened, Lifecycle.store(log, settings.store(), settings.dataDir(), hub.nodeId()));
            this.presence = opened(opened, openPresence(settings, log, hub, () -> host + ":" + port));
            shareTokenKey(authSettings, settings, auth, log, presence);
            this.lifecycle = new Lifecycle(hub, scheduled, settings.maxMessage(), settings.dataDir());
            opened.push(lifecycle::closeCounts);
            opened.push(lifecycle);
            this.events = new EventsService(hub, auth, authSettings.trustProxy(),
                    new StreamSession.Settings(settings.heartbeat(), settings.retry()), detachStreams(config, settings),
                    settings.linger());
            opened.push(events::close);
            this.metrics = opened(opened, new HeraldMetrics(hub, hub.nodeId()));
            Map<String, String> hosts = new LinkedHashMap<>(Map.of(WebServer.DEFAULT_SOCKET_NAME, ServerSettings.host(config)));
            if (observe.separate()) {
                hosts.put(ObserveSettings.SOCKET, observe.host());
            }
            Consumer<HttpRouting.Builder> routes = routing(hub, auth, authSettings, settings, presence, lifecycle, events,
                    ListenerPaths.api(observe.separate()));
            this.server = new ListenerKeeper(ports -> WebServers.build(config, observe, log, settings.store(), draining, ports,
                    routes), hosts);
            try (ListenerFailures bind = ListenerFailures.watch()) {
                WebServer started = server.start();
                if (!started.isRunning() || started.port() < 0) {
                    // Helidon logs the cause (kept out of the log by ListenerFailures) and returns a stopped server.
                    String api = ServerSettings.host(config) + ":" + ServerSettings.port(config);
                    throw new IllegalStateException(StartupErrors.cannotListen(bind.failures(), api, observe));
                }
            }
            this.port = server.server().port();
            metrics.listenerRestarts(server, hub.nodeId());
            ClientGoneFilter.install(); // after start: Helidon's logging setup resets JUL at the first start
            presence.start();
        } catch (RuntimeException e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception notClosed) {
                    e.addSuppressed(notClosed);
                }
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> opened, T it) {
        opened.push(it);
        return it;
    }

    /**
     * herald.events.detach, unless the server's config needs Helidon to keep the streams: its connection
     * and request caps count a stream only while Helidon owns the connection, and an asynchronous writer
     * ({@code write-queue-length} above 0) may not have sent the head yet when the connection is taken over.
     */
    static boolean detachStreams(Config config, HeraldSettings settings) {
        Config server = config.get("server");
        boolean capped = server.get("max-concurrent-requests").asInt().orElse(-1) >= 0
                || server.get("max-tcp-connections").asInt().orElse(-1) >= 0;
        boolean asyncWrites = server.get("write-queue-length").asInt().orElse(0) > 0;
        if (settings.detachStreams() && (capped || asyncWrites)) {
            LOG.info("Streams stay on Helidon's threads (herald.events.detach is ignored): server."
                    + (capped ? "max-concurrent-requests / max-tcp-connections limit them" : "write-queue-length is above 0"));
            return false;
        }
        return settings.detachStreams();
    }

    // Receipts per connection: each tab sharing it sends at most one batch a second.
    private static final double RECEIPT_RATE = 20;
    private static final int RECEIPT_BURST = 60;

    public static HeraldServer start(Config config) {
        return new HeraldServer(config);
    }

    /**
     * All of Herald's HTTP routes, behind the CORS and auth filters. The services are made here, once:
     * a server started again after a listener ended ({@link ListenerKeeper}) gets the same ones (a second
     * AdminService would run a second stats ticker that drains the receipt counts for nobody).
     */
    static Consumer<HttpRouting.Builder> routing(Hub hub, Auth auth, AuthSettings authSettings, HeraldSettings settings,
                                                 ClusterPresence presence, Lifecycle lifecycle, EventsService events,
                                                 ListenerPaths paths) {
        AccessLog accessLog = authSettings.accessLog() ? new AccessLog() : null;
        BodyRefusals bodyRefusals = new BodyRefusals();
        CorsFilter cors = new CorsFilter(authSettings.corsOrigins(), !auth.operators().configured());
        AuthFilter authFilter = new AuthFilter(auth);
        NotifyService notify = new NotifyService(hub, auth.publishRate(), settings.maxBody(), settings.maxMessage(),
                lifecycle.scheduler());
        HistoryService history = new HistoryService(hub, auth.topics());
        LifecycleService retracts = new LifecycleService(lifecycle);
        ReceiptsService receipts = new ReceiptsService(lifecycle, new RateLimiter(RECEIPT_RATE, RECEIPT_BURST, System::nanoTime),
                authSettings.trustProxy());
        TokenService tokens = new TokenService(auth.subscribers());
        LifecycleAdminService lifecycleAdmin = new LifecycleAdminService(lifecycle);
        AdminService admin = new AdminService(hub, settings.maxMessage(), auth.connections().total(), lifecycle, presence);
        ClusterService cluster = new ClusterService(presence);
        WebFiles staticFiles = new WebFiles();
        return routing -> {
            ErrorHandling.register(routing, paths);
            routing.addFilter(new SecurityHeaders());
            if (accessLog != null) {
                routing.addFilter(accessLog);
            }
            routing.addFilter(bodyRefusals) // inside the access log, so a refused body is still logged
                    .addFilter(cors)
                    .addFilter(authFilter);
            routing.register("/events", events)
                    .register("/notify", notify)
                    .register("/notifications", history, retracts)
                    .register("/receipts", receipts)
                    .register("/admin/tokens", tokens)
                    .register("/admin", lifecycleAdmin, admin)
                    .register("/cluster", cluster)
                    .register("/", staticFiles)
                    .any(ErrorHandling.notFound(paths));
        };
    }

    private static Auth createAuth(AuthSettings a) {
        Auth auth = new Auth(a.operators(), a.jwtSecret(), a.privateTopics(), a.anonymous(),
                new RateLimiter(a.connectRate(), a.connectBurst(), System::nanoTime),
                new RateLimiter(a.publishRate(), a.publishBurst(), System::nanoTime),
                new ConnectionLimits(a.connectionsPerIp(), a.connectionsPerUser(), a.connectionsTotal()), a.limitLoopback(), Clock.systemUTC());
        if (!auth.operators().configured()) {
            LOG.warning("No operator token configured (herald.auth.operators): POST /notify, /admin/* and /cluster are "
                    + "accepted from this machine only (loopback, addressed as localhost, 127.0.0.1 or [::1], not through a proxy). Set a token before exposing Herald.");
        }
        return auth;
    }

    private static EventLog openLog(HeraldSettings s) {
        EventLog.Retention retention = new EventLog.Retention(s.retentionCount(), s.retentionAge());
        return switch (s.store()) {
            case "memory" -> new MemoryEventLog(retention);
            case "redis" -> new RedisEventLog(RedisEndpoint.parse(s.redis().url(), s.redis().timeout()),
                    s.redis().stream(), retention);
            default -> new SqliteEventLog(s.dataDir(), retention, s.sqliteSynchronous());
        };
    }

    // Cluster mode shares presence through the same Redis as the log; otherwise this node stands alone.
    private static ClusterPresence openPresence(HeraldSettings s, EventLog log, Hub hub,
                                                java.util.function.Supplier<String> address) {
        if (log instanceof RedisEventLog redis) {
            return ClusterPresence.redis(hub, address, redis.client(), redis.streamKey(),
                    s.redis().presenceInterval(), s.redis().presenceTtl(), redis::writeFailed);
        }
        return ClusterPresence.single(hub, address);
    }

    // Cluster mode without a configured secret: the nodes agree on one key (SharedTokenKey).
    private static void shareTokenKey(AuthSettings a, HeraldSettings s, Auth auth, EventLog log, ClusterPresence presence) {
        if (a.jwtSecretMade() && log instanceof RedisEventLog redis) {
            SharedTokenKey.join(new SharedTokenKey(redis.client(), redis.streamKey(), auth.subscribers(),
                    key -> JwtSecretFile.keep(s.dataDir(), key)), presence);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    public ClusterPresence presence() {
        return presence;
    }

    /** Where health and metrics answer: {@code http://host:port}, or null when on the API port. */
    public String observeAddress() {
        return observe.separate() ? "http://" + observe.host() + ":" + server.server().port(ObserveSettings.SOCKET) : null;
    }

    public int port() {
        return server.server().port();
    }

    public Hub hub() {
        return hub;
    }

    public EventLog log() {
        return log;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** Streams whose connection Herald took over from Helidon (herald.events.detach) and that are open. */
    public int detachedStreams() {
        return events.detachedStreams();
    }

    /** How often a taken-over stream's socket was full and a write waited for room (a slow client). */
    public long streamWritesThatWaited() {
        return events.writesThatWaited();
    }

    /**
     * Graceful stop: streams end cleanly (clients reconnect and replay), in-flight publishes
     * finish, then everything acknowledged is already in the log, which closes last. Readiness goes
     * DOWN first, herald.shutdown.delay before the streams end.
     */
    @Override
    public void close() {
        draining.begin();
        lifecycle.close();
        presence.close();
        hub.close();
        events.close();
        server.close();
        lifecycle.closeCounts(); // after the last delivery: a clean stop saves every count
        metrics.close();
        log.close();
        dataLock.close();
    }
}
