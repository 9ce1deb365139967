package dev.herald.observe;

import dev.herald.http.ListenerKeeper;
import dev.herald.hub.Hub;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * Hub counters as Prometheus meters at /observe/metrics. They read the hub's own counters (no
 * extra work on the hot path). Tagged with the node id so several hubs in one JVM (tests) stay apart.
 */
public final class HeraldMetrics implements AutoCloseable {
    private final MeterRegistry registry = Metrics.globalRegistry();
    private final List<Meter> meters = new ArrayList<>();

    public HeraldMetrics(Hub hub, String node) {
        List<Tag> tags = List.of(Tag.create("node", node));
        meters.add(registry.getOrCreate(Gauge.builder("herald_connected_clients", () -> hub.stats().connected())
                .description("Open event streams").tags(tags)));
        counter("herald_notifications_published", "Notifications stored and fanned out", hub,
                h -> h.stats().published(), tags);
        counter("herald_deliveries", "Events written to connections (live and replayed)", hub,
                h -> h.stats().deliveries(), tags);
        counter("herald_dropped_clients", "Connections dropped because their queue was full", hub,
                h -> h.stats().dropped(), tags);
        counter("herald_replayed_events", "Events sent from the log after Last-Event-ID", hub,
                h -> h.stats().replayed(), tags);
        counter("herald_connections", "Streams opened", hub, h -> h.stats().connects(), tags);
    }

    /**
     * Counts the web server's restarts after a listener ended by itself. The keeper itself is the meter's
     * state: meters hold their state object weakly, and a method reference made here alone was collected
     * (the counter then read 0).
     */
    public void listenerRestarts(ListenerKeeper keeper, String node) {
        meters.add(registry.getOrCreate(FunctionalCounter.builder("herald_listener_restarts", keeper,
                        ListenerKeeper::restarts).description("Web server restarts after a listener ended by itself"
                        + " (at the open-file limit)").tags(List.of(Tag.create("node", node)))));
    }

    private void counter(String name, String description, Hub hub, java.util.function.Function<Hub, Long> fn,
                         List<Tag> tags) {
        meters.add(registry.getOrCreate(FunctionalCounter.builder(name, hub, fn).description(description).tags(tags)));
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
