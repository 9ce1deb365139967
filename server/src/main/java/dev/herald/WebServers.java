package dev.herald;

import dev.herald.config.ObserveSettings;
import dev.herald.http.BodyRefusals;
import dev.herald.http.JsonDirectHandler;
import dev.herald.http.ListenerKeeper;
import dev.herald.http.ListenerPaths;
import dev.herald.http.SecurityHeaders;
import dev.herald.observe.Draining;
import dev.herald.observe.EventLogHealthCheck;
import dev.herald.observe.MetricsHead;
import dev.herald.store.EventLog;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Herald's Helidon web server: built once at the start, and again when a listener ended ({@link ListenerKeeper}). */
final class WebServers {
    private WebServers() {
    }

    /**
     * The web server, not started: the API routes, health and metrics (on a listener of their own when
     * configured); on the given ports when started again ({@link ListenerKeeper}). {@code store}: its kind,
     * all the API port's health tells.
     */
    static WebServer build(Config config, ObserveSettings observe, EventLog log, String store, Draining draining,
                           Map<String, Integer> ports,
                           Consumer<HttpRouting.Builder> routes) {
        var observeFeature = ObserveFeature.builder()
                .addObserver(HealthObserver.builder()
                        .details(true)
                        .addCheck(new EventLogHealthCheck(log, store, observe.separate()))
                        .addCheck(draining)
                        .build())
                .addObserver(MetricsObserver.create());
        Config server = config.get("server");
        var builder = WebServer.builder()
                .config(server)
                .shutdownHook(false)
                .directHandlers(JsonDirectHandler.all(ListenerPaths.api(observe.separate())))
                .errorHandling(JsonDirectHandler.errorHandling());
        Integer apiPort = ports.get(WebServer.DEFAULT_SOCKET_NAME);
        if (apiPort != null) {
            builder.port(apiPort);
        }
        if (observe.separate()) {
            int observePort = ports.getOrDefault(ObserveSettings.SOCKET, observe.port());
            // A socket added here does not take the server's idle settings: the same for both listeners.
            builder.putSocket(ObserveSettings.SOCKET, s -> s.host(observe.host()).port(observePort)
                    .update(l -> server.get("idle-connection-timeout").as(Duration.class).ifPresent(l::idleConnectionTimeout))
                    .update(l -> server.get("idle-connection-period").as(Duration.class).ifPresent(l::idleConnectionPeriod))
                    .errorHandling(JsonDirectHandler.errorHandling())
                    .directHandlers(JsonDirectHandler.all(ListenerPaths.OBSERVE))
                    .routing(r -> MetricsHead.register(r.addFilter(new SecurityHeaders()).addFilter(new BodyRefusals())))); // no body is read as a request there either
            observeFeature.sockets(List.of(ObserveSettings.SOCKET));
        }
        return builder.addFeature(observeFeature.build()).routing(r -> {
            if (!observe.separate()) {
                MetricsHead.register(r);
            }
            routes.accept(r);
        }).build();
    }
}
